import { AdminUi, KeycloakProvider, routes as adminRoutes } from "@keycloak/keycloak-admin-ui";
import { lazy } from "react";
import { Outlet, type RouteObject } from "react-router-dom";
import { API_KEY_USAGE_PATH } from "./api";
import { environment } from "./environment";
import { LatchkeyNav } from "./LatchkeyNav";

const ApiKeyUsage = lazy(() => import("./ApiKeyUsage"));

/**
 * Keycloak's console as it ships (its frame, menu and every page) with one more page. The pathless route in between
 * renders inside the console's contexts on every page, so it can add Latchkey's entry to the menu.
 */
export const rootRoute: RouteObject = {
  path: "/",
  element: (
    <KeycloakProvider environment={environment}>
      <AdminUi />
    </KeycloakProvider>
  ),
  children: [
    {
      element: (
        <>
          <LatchkeyNav />
          <Outlet />
        </>
      ),
      children: [
        {
          path: `/:realm/${API_KEY_USAGE_PATH}`,
          element: <ApiKeyUsage />,
          // The console's access check (AuthWall) reads this: without view-users the page says what is missing.
          handle: { access: "view-users", breadcrumb: () => "API key usage" },
        },
        ...adminRoutes,
      ],
    },
  ],
};
