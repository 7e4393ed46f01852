import { routes as accountRoutes } from "@keycloak/keycloak-account-ui";
import type { RouteObject } from "react-router-dom";
import { ApiKeys } from "./ApiKeys";
import { App, RouteError } from "./App";
import { ConnectedServices } from "./ConnectedServices";
import { environment } from "./environment";

/**
 * Keycloak's own pages plus Latchkey's. The menu is resources/content.json (read by the package's PageNav): a page
 * needs a route here and an entry there.
 */
export const routes: RouteObject[] = [
  {
    path: decodeURIComponent(new URL(environment.baseUrl).pathname),
    element: <App />,
    errorElement: <RouteError />,
    children: [
      ...accountRoutes,
      { path: "api-keys", element: <ApiKeys /> },
      { path: "connected-services", element: <ConnectedServices /> },
    ],
  },
];
