import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";

/** What index.ftl writes into <script id="environment">: the realm, URLs and feature flags. */
export const environment: AccountEnvironment = JSON.parse(
  document.getElementById("environment")?.textContent ?? "{}",
);
