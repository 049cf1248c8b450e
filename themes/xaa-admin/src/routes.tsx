import { AdminUi, KeycloakProvider, routes as stockRoutes } from "@keycloak/keycloak-admin-ui";
import type { AccessType } from "@keycloak/keycloak-admin-client/lib/defs/whoAmIRepresentation";
import type { TFunction } from "i18next";
import { ReactNode } from "react";
import { Outlet, RouteObject } from "react-router-dom";
import { AlertsProvider } from "./components/Alerts";
import { ClientTab } from "./components/ClientTab";
import { CrossAppAccessNav } from "./components/CrossAppAccessNav";
import { environment } from "./environment";
import AuditPage from "./pages/AuditPage";
import ConnectionPage from "./pages/ConnectionPage";
import ConnectionsPage from "./pages/ConnectionsPage";
import InventoryPage from "./pages/InventoryPage";
import KillSwitchesPage from "./pages/KillSwitchesPage";
import ResourceAppPage from "./pages/ResourceAppPage";
import ResourceAppsPage from "./pages/ResourceAppsPage";
import SimulatorPage from "./pages/SimulatorPage";

// The stock AuthWall shows "Forbidden" to an admin who lacks the route's access; the API checks again.
const route = (path: string, element: ReactNode, access: AccessType, title: string) => ({
  path: `/:realm/${path}`,
  element,
  handle: { access, breadcrumb: (t: TFunction) => t(title) },
});

const KILL_SWITCH_READERS: AccessType[] = ["view-realm", "view-clients", "view-users", "manage-realm", "manage-clients", "manage-users"];

const crossAppAccessRoutes = [
  route("cross-app-access/resource-apps", <ResourceAppsPage />, "view-clients", "xaaResourceApps"),
  route("cross-app-access/resource-apps/:id", <ResourceAppPage />, "view-clients", "xaaResourceApps"),
  route("cross-app-access/connections", <ConnectionsPage />, "view-clients", "xaaConnections"),
  route("cross-app-access/connections/:id", <ConnectionPage />, "view-clients", "xaaConnections"),
  route("cross-app-access/inventory", <InventoryPage />, "view-clients", "xaaInventory"),
  route("cross-app-access/audit", <AuditPage />, "view-events", "xaaAudit"),
  route("cross-app-access/simulator", <SimulatorPage />, "view-clients", "xaaSimulator"),
  // The switch is read with view-realm or view-clients, the blocked users with view-users: either is enough here.
  route("cross-app-access/kill-switches", <KillSwitchesPage />, ({ hasAny }) => hasAny(...KILL_SWITCH_READERS), "xaaKillSwitches"),
];

/** Renders inside the console's contexts (admin client, realm, access) on every page, stock or ours. */
const CrossAppAccessLayout = () => (
  <AlertsProvider>
    <CrossAppAccessNav />
    <ClientTab />
    <Outlet />
  </AlertsProvider>
);

/** The stock console with its own routes, plus ours, under one pathless layout route. */
export const rootRoute: RouteObject = {
  path: "/",
  element: (
    <KeycloakProvider environment={environment}>
      <AdminUi />
    </KeycloakProvider>
  ),
  children: [
    {
      element: <CrossAppAccessLayout />,
      handle: { access: "anyone" },
      children: [...crossAppAccessRoutes, ...stockRoutes],
    },
  ],
};
