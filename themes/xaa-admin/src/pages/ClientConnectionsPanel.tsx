import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { Button, PageSection, Text, TextContent } from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Connection, ResourceApp } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { Empty } from "../components/Empty";
import { ConnectionStatus } from "../components/ConnectionsTable";
import { formatTime } from "../components/time";
import { useConnectionActions } from "../components/useConnectionActions";
import { useLoad } from "../components/useLoad";
import { useRights } from "../components/useRights";
import { paths } from "../paths";

/** The API's largest page: a client has at most one connection per resource app, and realms have few apps. */
const ALL = 1000;

type Row = { app: ResourceApp; connection?: Connection };

/**
 * The content of the client's "Cross App Access" tab: every resource app of the realm with this client's
 * connection to it, connected or not, and what the admin may do about it.
 */
export default function ClientConnectionsPanel({ clientUuid }: { clientUuid: string }) {
  const { t } = useTranslation();
  const api = useXaaApi();
  const { realm } = useRealm();
  const { adminClient } = useAdminClient();
  const navigate = useNavigate();
  const rights = useRights();
  const { value, reload } = useLoad(async () => {
    const client = await adminClient.clients.findOne({ realm, id: clientUuid });
    const [apps, connections] = await Promise.all([
      api.get<ResourceApp[]>("resource-apps", { max: ALL }),
      api.get<Connection[]>("connections", { clientId: client?.clientId, max: ALL }),
    ]);
    const rows: Row[] = apps.map((app) => ({ app, connection: connections.find((c) => c.resourceAppId === app.id) }));
    return { clientId: client?.clientId ?? "", manage: rights.manageConnections || !!client?.access?.manage, rows };
  }, [api, clientUuid]);
  const { ask, ConfirmDialog } = useConnectionActions(reload);
  if (!value) return null;
  const { clientId, manage, rows } = value;

  const connect = (app: ResourceApp) =>
    navigate(paths.newConnection(realm, { clientId, resourceAppId: app.id!, returnTo: paths.clientTab(realm, clientUuid) }));

  const stateAction = ({ app, connection }: Row) => {
    if (!connection) {
      return rights.grantConnections && app.enabled ? (
        <Button variant="secondary" data-testid={`xaa-connect-${app.name}`} onClick={() => connect(app)}>
          {t("xaaConnect")}
        </Button>
      ) : null;
    }
    if (connection.enabled) {
      return manage ? (
        <Button variant="secondary" isDanger data-testid={`xaa-disconnect-${app.name}`} onClick={() => ask(connection, "disconnect", app.name)}>
          {t("xaaDisconnect")}
        </Button>
      ) : null;
    }
    return rights.grantConnections ? (
      <Button variant="secondary" data-testid={`xaa-enable-${app.name}`} onClick={() => ask(connection, "enable", app.name)}>
        {t("xaaEnable")}
      </Button>
    ) : null;
  };

  return (
    <PageSection variant="light" padding={{ default: "noPadding" }}>
      <ConfirmDialog />
      <TextContent className="pf-v5-u-p-md">
        <Text>{t("xaaClientTabHelp")}</Text>
      </TextContent>
      {rows.length === 0 ? (
        <Empty
          title={t("xaaNoResourceApps")}
          body={t("xaaClientTabNoApps")}
          action={
            rights.manageResourceApps
              ? { label: t("xaaCreateResourceApp"), onClick: () => navigate(paths.resourceApp(realm)), testId: "xaa-empty-create-resource-app" }
              : undefined
          }
        />
      ) : (
        <Table aria-label={t("xaaClientTab")} variant="compact" data-testid="xaa-client-connections">
          <Thead>
            <Tr>
              <Th modifier="wrap">{t("xaaResourceApp")}</Th>
              <Th modifier="wrap">{t("xaaAudience")}</Th>
              <Th modifier="wrap">{t("xaaStatus")}</Th>
              <Th modifier="wrap">{t("xaaScopes")}</Th>
              <Th modifier="wrap">{t("xaaLastUsed")}</Th>
              <Th screenReaderText={t("xaaConnectOrDisconnect")} />
              <Th screenReaderText={t("xaaActions")} />
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((row) => {
              const { app, connection } = row;
              return (
                <Tr key={app.id} data-testid={`xaa-client-app-${app.name}`}>
                  <Td dataLabel={t("xaaResourceApp")}>
                    {connection ? <Link to={paths.connection(realm, connection.id)}>{app.name}</Link> : app.name}
                  </Td>
                  <Td dataLabel={t("xaaAudience")}>{app.audience}</Td>
                  <Td dataLabel={t("xaaStatus")} data-testid="xaa-client-app-state">
                    <ConnectionStatus connection={connection} activeKey="xaaConnected" />
                  </Td>
                  <Td dataLabel={t("xaaScopes")}>{connection?.scopes.join(" ")}</Td>
                  <Td dataLabel={t("xaaLastUsed")}>
                    {connection && (connection.lastUsedAt ? formatTime(connection.lastUsedAt) : t("xaaNeverUsed"))}
                  </Td>
                  <Td dataLabel={t("xaaConnectOrDisconnect")}>{stateAction(row)}</Td>
                  <Td isActionCell>
                    {connection && (
                      <ActionsColumn
                        items={[
                          { title: t("xaaOpenThisConnection"), onClick: () => navigate(paths.connection(realm, connection.id)) },
                          ...(manage ? [{ title: t("xaaDelete"), onClick: () => ask(connection, "delete", app.name) }] : []),
                        ]}
                      />
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </PageSection>
  );
}
