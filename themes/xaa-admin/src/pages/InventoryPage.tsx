import { Label, LabelGroup, Tab, Tabs, TabTitleText, Text, TextContent, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { Td, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditRecord, Connection } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { Empty } from "../components/Empty";
import { ListPage } from "../components/ListPage";
import { PagedToolbar } from "../components/PagedToolbar";
import { usePickers } from "../components/pickers";
import { SearchSelect } from "../components/SearchSelect";
import { formatTime, isExpired } from "../components/time";
import { useLoad } from "../components/useLoad";
import { usePagedList } from "../components/usePagedList";
import { useResourceApps } from "../components/useResourceApps";
import { UsageCells, UsageTable } from "../components/UsageTable";

/** The API's largest page: the per-user view sums at most this many of the user's latest issuances. */
const LATEST_ISSUANCES = 1000;

/** Flags what needs an admin's eye: connections nobody uses, and approvals that ran out. */
const Attention = ({ connection }: { connection: Connection }) => {
  const { t } = useTranslation();
  return (
    <LabelGroup>
      {!connection.lastUsedAt && <Label color="orange" data-testid="xaa-never-used">{t("xaaNeverUsed")}</Label>}
      {isExpired(connection.expiresAt) && <Label color="red" data-testid="xaa-expired">{t("xaaExpired")}</Label>}
      {!connection.enabled && <Label color="grey">{t("xaaDisabled")}</Label>}
    </LabelGroup>
  );
};

/** Per client: every connection with its use, straight from the connections list. */
const ByClient = () => {
  const { t } = useTranslation();
  const pickers = usePickers();
  const { name } = useResourceApps();
  const [clientId, setClientId] = useState("");
  const { page, setPage, items: connections, count } = usePagedList<Connection>("connections", { clientId }, [clientId], 20);
  return (
    <>
      <PagedToolbar id="xaa-inventory-clients" page={page} count={count} onPage={setPage}>
        <ToolbarItem style={{ minWidth: "14rem" }}>
          <SearchSelect id="xaa-inventory-client" value={clientId} placeholder={t("xaaAllClients")} search={pickers.clients} onSelect={setClientId} />
        </ToolbarItem>
      </PagedToolbar>
      {connections && connections.length === 0 ? (
        <Empty title={t("xaaNoConnections")} body={t("xaaNoConnectionsInstructions")} />
      ) : (
        <UsageTable label={t("xaaByClient")} testId="xaa-inventory-clients-table" moreColumns={[t("xaaExpiresAt"), t("xaaStatus")]}>
          {connections?.map((connection) => (
            <Tr key={connection.id}>
              <UsageCells
                clientId={connection.clientId}
                resourceApp={name(connection.resourceAppId)}
                lastUsed={connection.lastUsedAt}
                issued={connection.issuedCount ?? 0}
              />
              <Td dataLabel={t("xaaExpiresAt")}>{connection.expiresAt ? formatTime(connection.expiresAt) : t("xaaNever")}</Td>
              <Td dataLabel={t("xaaStatus")}>
                <Attention connection={connection} />
              </Td>
            </Tr>
          ))}
        </UsageTable>
      )}
    </>
  );
};

type Use = { connectionId: string; clientId?: string; resourceAppId?: string; lastUsed: string; issued: number };

/** Per user: the connections through which ID-JAGs were issued for them, summed from the audit records. */
const ByUser = () => {
  const { t } = useTranslation();
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
        <Empty title={t("xaaNoResults")} body={t("xaaNoResultsInstructions")} filtered />
      ) : (
        <UsageTable label={t("xaaByUser")} testId="xaa-inventory-users-table">
          {uses.map((use) => (
            <Tr key={use.connectionId}>
              <UsageCells clientId={use.clientId} resourceApp={use.resourceAppId && name(use.resourceAppId)} lastUsed={use.lastUsed} issued={use.issued} />
            </Tr>
          ))}
        </UsageTable>
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
