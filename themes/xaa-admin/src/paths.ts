/** The client details tab of ours: a :tab of the stock route /:realm/clients/:clientId/:tab. */
export const CLIENT_TAB = "cross-app-access";

/** The hash routes of the Cross App Access pages, relative to the console's router. */
export const paths = {
  resourceApps: (realm: string) => `/${realm}/cross-app-access/resource-apps`,
  resourceApp: (realm: string, id = "new") => `/${realm}/cross-app-access/resource-apps/${id}`,
  connections: (realm: string) => `/${realm}/cross-app-access/connections`,
  connection: (realm: string, id = "new") => `/${realm}/cross-app-access/connections/${id}`,
  inventory: (realm: string) => `/${realm}/cross-app-access/inventory`,
  audit: (realm: string) => `/${realm}/cross-app-access/audit`,
  simulator: (realm: string) => `/${realm}/cross-app-access/simulator`,
  killSwitches: (realm: string) => `/${realm}/cross-app-access/kill-switches`,
  clientTab: (realm: string, clientUuid: string) => `/${realm}/clients/${clientUuid}/${CLIENT_TAB}`,
  /** The connection form for a new connection, prefilled, returning to `returnTo` (a console route) when done. */
  newConnection: (realm: string, prefill: { clientId: string; resourceAppId: string; returnTo: string }) =>
    `/${realm}/cross-app-access/connections/new?${new URLSearchParams(prefill)}`,
};
