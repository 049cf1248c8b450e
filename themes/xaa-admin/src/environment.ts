import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

/** The settings Keycloak's admin index.ftl injects into the page as a JSON script tag. */
export const environment: AdminEnvironment = JSON.parse(
  document.getElementById("environment")!.textContent!,
);
