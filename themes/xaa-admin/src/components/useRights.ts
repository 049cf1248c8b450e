import { useAccess } from "@keycloak/keycloak-admin-ui";

/**
 * What the signed-in admin may change. The API decides for real (a delegated client admin may manage only
 * some clients' connections); this only keeps actions the admin can never use off the page.
 */
export function useRights() {
  const { hasAccess, hasSomeAccess } = useAccess();
  return {
    manageResourceApps: hasAccess("manage-realm"),
    manageConnections: hasAccess("manage-clients"),
    /** Creating a connection or widening one (re-enabling included) is the resource app owner's: manage-realm. */
    grantConnections: hasAccess("manage-realm"),
    /** Reading the realm's kill switch: as the connections, view-realm or view-clients. */
    viewIssuance: hasSomeAccess("view-realm", "view-clients", "manage-realm", "manage-clients"),
    /** Stopping and resuming the realm's ID-JAG issuance. */
    stopIssuance: hasAccess("manage-realm"),
    /** Blocking and unblocking users; reading the list needs the right to view users, which managing them implies. */
    blockUsers: hasAccess("manage-users"),
    viewBlockedUsers: hasSomeAccess("view-users", "manage-users"),
  };
}
