import type GroupRepresentation from "@keycloak/keycloak-admin-client/lib/defs/groupRepresentation";
import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useXaaApi } from "../api/useXaaApi";

const FIRST_MATCHES = 20;

/** A group search answers matching groups inside their ancestors: every path of the tree that matches. */
function matchingPaths(groups: GroupRepresentation[], text: string): string[] {
  return groups.flatMap((group) => [
    ...(group.name?.toLowerCase().includes(text.toLowerCase()) ? [group.path!] : []),
    ...matchingPaths(group.subGroups ?? [], text),
  ]);
}

/** Server-side searches for the pickers: the first matching client ids and usernames of the realm. */
export function usePickers() {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();
  const api = useXaaApi();
  return {
    /** Only the clients a connection may name (confidential OIDC, not bearer-only, not dynamically registered). */
    eligibleClients: async (text: string) =>
      (await api.get<{ clientId: string }[]>("eligible-clients", { search: text, max: FIRST_MATCHES })).map((client) => client.clientId),
    clients: async (text: string) =>
      (await adminClient.clients.find({ realm, clientId: text || undefined, search: true, max: FIRST_MATCHES }))
        .map((client) => client.clientId!),
    users: async (text: string) =>
      (await adminClient.users.find({ realm, search: text || undefined, max: FIRST_MATCHES, briefRepresentation: true }))
        .map((user) => user.username!),
    groups: async (text: string) =>
      matchingPaths(await adminClient.groups.find({ realm, search: text || undefined, max: FIRST_MATCHES, briefRepresentation: false }), text)
        .slice(0, FIRST_MATCHES),
    userId: async (username: string) =>
      (await adminClient.users.find({ realm, username, exact: true }))[0]?.id,
  };
}
