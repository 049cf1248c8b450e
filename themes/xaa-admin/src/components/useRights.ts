import { useAccess } from "@keycloak/keycloak-admin-ui";

/**
 * What the signed-in admin may change. The API decides for real (a delegated client admin may manage only
 * some clients' connections); this only keeps actions the admin can never use off the page.
 */
export function useRights() {
  const { hasAccess } = useAccess();
  return {
    manageResourceApps: hasAccess("manage-realm"),
    manageConnections: hasAccess("manage-clients"),
    /** Creating a connection or widening one (re-enabling included) is the resource app owner's: manage-realm. */
    grantConnections: hasAccess("manage-realm"),
  };
}
