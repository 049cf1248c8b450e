/** The hash routes of the Cross App Access pages, relative to the console's router. */
export const paths = {
  resourceApps: (realm: string) => `/${realm}/cross-app-access/resource-apps`,
  resourceApp: (realm: string, id = "new") => `/${realm}/cross-app-access/resource-apps/${id}`,
  connections: (realm: string) => `/${realm}/cross-app-access/connections`,
  connection: (realm: string, id = "new") => `/${realm}/cross-app-access/connections/${id}`,
  inventory: (realm: string) => `/${realm}/cross-app-access/inventory`,
  audit: (realm: string) => `/${realm}/cross-app-access/audit`,
  simulator: (realm: string) => `/${realm}/cross-app-access/simulator`,
  clientTab: (realm: string, clientUuid: string) => `/${realm}/clients/${clientUuid}/cross-app-access`,
};
