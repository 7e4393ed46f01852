import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

/** What Keycloak's index.ftl (keycloak.v2) writes into <script id="environment">: the realm, URLs, the client. */
export const environment: AdminEnvironment = JSON.parse(
  document.getElementById("environment")?.textContent ?? "{}",
);
