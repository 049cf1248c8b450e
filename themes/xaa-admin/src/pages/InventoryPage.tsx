import { useRealm } from "@keycloak/keycloak-admin-ui";
import { Alert, Label, LabelGroup, Tab, Tabs, TabTitleText, Text, TextContent, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { AuditRecord, Connection } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { Empty } from "../components/Empty";
import { ListPage } from "../components/ListPage";
import { Page, PagedToolbar } from "../components/PagedToolbar";
import { usePickers } from "../components/pickers";
import { SearchSelect } from "../components/SearchSelect";
import { formatTime, isExpired } from "../components/time";
import { useLoad } from "../components/useLoad";
import { usePagedList } from "../components/usePagedList";
import { useResourceApps } from "../components/useResourceApps";
import { paths } from "../paths";

/** The API's largest page: the per-user view sums at most this many of the user's latest issuances. */
const LATEST_ISSUANCES = 1000;

/** The API's largest page: "by client" groups at most this many connections (a realm has far fewer). */
const ALL_CONNECTIONS = 1000;
const CLIENTS_PER_PAGE = 10;

/** Flags what needs an admin's eye (connections nobody uses, approvals that ran out), and says so when nothing does. */
const Health = ({ connection }: { connection: Connection }) => {
  const { t } = useTranslation();
  const expired = isExpired(connection.expiresAt);
  if (connection.lastUsedAt && !expired && connection.enabled) {
    return <Label color="green" data-testid="xaa-healthy">{t("xaaHealthy")}</Label>;
  }
  return (
    <LabelGroup>
      {!connection.lastUsedAt && <Label color="orange" data-testid="xaa-never-used">{t("xaaNeverUsed")}</Label>}
      {expired && <Label color="red" data-testid="xaa-expired">{t("xaaExpired")}</Label>}
      {!connection.enabled && <Label color="grey">{t("xaaDisabled")}</Label>}
    </LabelGroup>
  );
};

/** Connections by client id, the clients in alphabetical order. */
function byClient(connections: Connection[]) {
  const groups = new Map<string, Connection[]>();
  connections.forEach((connection) => groups.set(connection.clientId, [...(groups.get(connection.clientId) ?? []), connection]));
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Per client: a group of rows for each client, its connections with their use, health and a link to each. */
const ByClient = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const pickers = usePickers();
  const { name } = useResourceApps();
  const [clientId, setClientId] = useState("");
  const [page, setPage] = useState<Page>({ first: 0, max: CLIENTS_PER_PAGE });
  const { items: connections, count } = usePagedList<Connection>("connections", { clientId }, [clientId], ALL_CONNECTIONS);
  const groups = byClient(connections ?? []);
  const columns = [t("xaaResourceApp"), t("xaaLastUsed"), t("xaaIssuedCount"), t("xaaExpiresAt"), t("xaaStatus")];
  return (
    <>
      <PagedToolbar id="xaa-inventory-clients" page={page} count={groups.length} onPage={setPage}>
        <ToolbarItem style={{ minWidth: "14rem" }}>
          <SearchSelect
            id="xaa-inventory-client"
            value={clientId}
            placeholder={t("xaaAllClients")}
            search={pickers.clients}
            onSelect={(chosen) => {
              setClientId(chosen);
              setPage({ ...page, first: 0 });
            }}
          />
        </ToolbarItem>
      </PagedToolbar>
      {count > ALL_CONNECTIONS && <Alert variant="info" isInline title={t("xaaInventoryFirstConnections", { max: ALL_CONNECTIONS, count })} />}
      {connections && connections.length === 0 ? (
        <Empty title={t("xaaNoConnections")} body={t("xaaNoConnectionsInstructions")} />
      ) : (
        <Table aria-label={t("xaaByClient")} variant="compact" data-testid="xaa-inventory-clients-table">
          <Thead>
            <Tr>
              {columns.map((title) => (
                <Th key={title}>{title}</Th>
              ))}
            </Tr>
          </Thead>
          {groups.slice(page.first, page.first + page.max).map(([client, rows]) => (
            <Tbody key={client} data-testid={`xaa-inventory-client-${client}`}>
              <Tr className="pf-v5-u-background-color-200">
                <Td colSpan={columns.length} data-testid="xaa-inventory-client-header">
                  <strong>{client}</strong> {t("xaaConnectionCount", { count: rows.length })}
                </Td>
              </Tr>
              {rows.map((connection) => (
                <Tr key={connection.id} data-testid={`xaa-inventory-row-${client}-${name(connection.resourceAppId)}`}>
                  <Td dataLabel={t("xaaResourceApp")}>
                    <Link to={paths.connection(realm, connection.id)}>{name(connection.resourceAppId)}</Link>
                  </Td>
                  <Td dataLabel={t("xaaLastUsed")}>{connection.lastUsedAt ? formatTime(connection.lastUsedAt) : t("xaaNeverUsed")}</Td>
                  <Td dataLabel={t("xaaIssuedCount")}>{connection.issuedCount ?? 0}</Td>
                  <Td dataLabel={t("xaaExpiresAt")}>{connection.expiresAt ? formatTime(connection.expiresAt) : t("xaaNever")}</Td>
                  <Td dataLabel={t("xaaStatus")}>
                    <Health connection={connection} />
                  </Td>
                </Tr>
              ))}
            </Tbody>
          ))}
        </Table>
      )}
    </>
  );
};

type Use = { connectionId: string; clientId?: string; resourceAppId?: string; lastUsed: string; issued: number };

/** Per user: the connections through which ID-JAGs were issued for them, summed from the audit records. */
const ByUser = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useXaaApi();
  const pickers = usePickers();
  const { name } = useResourceApps();
  const [username, setUsername] = useState("");
  const { value: uses } = useLoad(async () => {
    if (!username) return undefined;
    const userId = await pickers.userId(username);
    if (!userId) return [];
    const records = await api.get<AuditRecord[]>("audit", { userId, type: "ID_JAG_ISSUED", max: LATEST_ISSUANCES });
    const byConnection = new Map<string, Use>();
    // Newest first: the first record of a connection is its last use.
    records.forEach((record) => {
      const key = record.connectionId ?? "";
      const use = byConnection.get(key);
      if (use) use.issued++;
      else byConnection.set(key, { connectionId: key, clientId: record.clientId, resourceAppId: record.resourceAppId, lastUsed: record.time, issued: 1 });
    });
    return [...byConnection.values()];
  }, [api, username]);

  return (
    <>
      <Toolbar id="xaa-inventory-users">
        <ToolbarContent>
          <ToolbarItem style={{ minWidth: "14rem" }}>
            <SearchSelect id="xaa-inventory-user" value={username} placeholder={t("xaaSelectUser")} search={pickers.users} onSelect={setUsername} />
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {!uses ? (
        <TextContent className="pf-v5-u-p-md">
          <Text>{t("xaaInventoryUserHint")}</Text>
        </TextContent>
      ) : uses.length === 0 ? (
        <Empty title={t("xaaNoIdJagsYet")} body={t("xaaNoIdJagsYetInstructions", { username })} />
      ) : (
        <Table aria-label={t("xaaByUser")} variant="compact" data-testid="xaa-inventory-users-table">
          <Thead>
            <Tr>
              <Th>{t("xaaClient")}</Th>
              <Th>{t("xaaResourceApp")}</Th>
              <Th>{t("xaaLastUsed")}</Th>
              <Th>{t("xaaIssuedCount")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {uses.map((use) => (
              <Tr key={use.connectionId}>
                <Td dataLabel={t("xaaClient")}>
                  {use.connectionId ? <Link to={paths.connection(realm, use.connectionId)}>{use.clientId}</Link> : use.clientId}
                </Td>
                <Td dataLabel={t("xaaResourceApp")}>{use.resourceAppId && name(use.resourceAppId)}</Td>
                <Td dataLabel={t("xaaLastUsed")}>{formatTime(use.lastUsed)}</Td>
                <Td dataLabel={t("xaaIssuedCount")}>{use.issued}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
};

export default function InventoryPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | number>("clients");
  return (
    <ListPage title={t("xaaInventory")} help={t("xaaInventoryHelp")}>
      <Tabs activeKey={tab} onSelect={(_, key) => setTab(key)} mountOnEnter unmountOnExit inset={{ default: "insetMd" }}>
        <Tab eventKey="clients" title={<TabTitleText>{t("xaaByClient")}</TabTitleText>} data-testid="xaa-inventory-by-client">
          <ByClient />
        </Tab>
        <Tab eventKey="users" title={<TabTitleText>{t("xaaByUser")}</TabTitleText>} data-testid="xaa-inventory-by-user">
          <ByUser />
        </Tab>
      </Tabs>
    </ListPage>
  );
}
