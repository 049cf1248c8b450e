import { useConfirmDialog, useRealm } from "@keycloak/keycloak-admin-ui";
import { Button, ButtonVariant, FormSelect, FormSelectOption, Label, ToolbarItem } from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Connection } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { paths } from "../paths";
import { useAlerts } from "./Alerts";
import { Empty } from "./Empty";
import { PagedToolbar } from "./PagedToolbar";
import { usePickers } from "./pickers";
import { SearchSelect } from "./SearchSelect";
import { formatTime, isExpired } from "./time";
import { usePagedList } from "./usePagedList";
import { useResourceApps } from "./useResourceApps";
import { useRights } from "./useRights";

type Pending = { connection: Connection; action: "delete" | "disable" | "enable" };

/** A connection's state: disabled (revoked), expired, or active. */
export const ConnectionStatus = ({ connection }: { connection: Connection }) => {
  const { t } = useTranslation();
  if (!connection.enabled) return <Label color="grey">{t("xaaDisabled")}</Label>;
  if (isExpired(connection.expiresAt)) return <Label color="orange">{t("xaaExpired")}</Label>;
  return <Label color="green">{t("xaaEnabled")}</Label>;
};

/** Connections with search, filters and server-side paging; `clientId` pins the client (the client's tab). */
export const ConnectionsTable = ({ clientId: fixedClient }: { clientId?: string }) => {
  const { t } = useTranslation();
  const api = useXaaApi();
  const { realm } = useRealm();
  const alerts = useAlerts();
  const navigate = useNavigate();
  const pickers = usePickers();
  const { apps, name } = useResourceApps();
  const { manageConnections } = useRights();
  const [search, setSearch] = useState("");
  const [client, setClient] = useState(fixedClient ?? "");
  const [resourceAppId, setResourceAppId] = useState("");
  const [pending, setPending] = useState<Pending>();

  const filters = { search, clientId: client, resourceAppId };
  const { page, setPage, items: connections, count, reload } = usePagedList<Connection>("connections", filters, [search, client, resourceAppId], 10);

  const act = async ({ connection, action }: Pending) => {
    try {
      if (action === "delete") {
        await api.remove(`connections/${connection.id}`);
        alerts.success(t("xaaConnectionDeleted"));
      } else {
        await api.put(`connections/${connection.id}`, { ...connection, enabled: action === "enable" });
        alerts.success(t(action === "enable" ? "xaaConnectionEnabled" : "xaaConnectionDisabled"));
      }
      reload();
    } catch (error) {
      alerts.error(error);
    }
  };

  const titles = { delete: "xaaDeleteConnectionTitle", disable: "xaaDisableConnectionTitle", enable: "xaaEnableConnectionTitle" };
  const messages = { delete: "xaaDeleteConnectionMessage", disable: "xaaDisableConnectionMessage", enable: "xaaEnableConnectionMessage" };
  const [confirm, ConfirmDialog] = useConfirmDialog({
    titleKey: t(titles[pending?.action ?? "delete"]),
    messageKey: t(messages[pending?.action ?? "delete"], { clientId: pending?.connection.clientId }),
    continueButtonLabel: t(pending?.action === "enable" ? "xaaEnable" : pending?.action === "disable" ? "xaaDisable" : "xaaDelete"),
    continueButtonVariant: pending?.action === "enable" ? ButtonVariant.primary : ButtonVariant.danger,
    onConfirm: () => pending && act(pending),
  });
  const ask = (connection: Connection, action: Pending["action"]) => {
    setPending({ connection, action });
    confirm();
  };

  const filtered = !!(search || (client && !fixedClient) || resourceAppId);
  return (
    <>
      <ConfirmDialog />
      <PagedToolbar
        id="xaa-connections"
        page={page}
        count={count}
        onPage={setPage}
        searchPlaceholder={t("xaaSearchConnections")}
        onSearch={(text) => {
          setSearch(text);
          setPage({ ...page, first: 0 });
        }}
      >
        {!fixedClient && (
          <ToolbarItem style={{ minWidth: "14rem" }}>
            <SearchSelect id="xaa-filter-client" value={client} placeholder={t("xaaAllClients")} search={pickers.clients} onSelect={setClient} />
          </ToolbarItem>
        )}
        <ToolbarItem>
          <FormSelect
            id="xaa-filter-resource-app"
            aria-label={t("xaaResourceApp")}
            value={resourceAppId}
            onChange={(_, id) => setResourceAppId(id)}
          >
            <FormSelectOption value="" label={t("xaaAllResourceApps")} />
            {apps.map((app) => (
              <FormSelectOption key={app.id} value={app.id} label={app.name} />
            ))}
          </FormSelect>
        </ToolbarItem>
        {manageConnections && (
          <ToolbarItem>
            <Button
              data-testid="xaa-create-connection"
              onClick={() => navigate(paths.connection(realm) + (fixedClient ? `?clientId=${encodeURIComponent(fixedClient)}` : ""))}
            >
              {t("xaaCreateConnection")}
            </Button>
          </ToolbarItem>
        )}
      </PagedToolbar>
      {connections && connections.length === 0 ? (
        <Empty
          filtered={filtered}
          title={filtered ? t("xaaNoResults") : t("xaaNoConnections")}
          body={filtered ? t("xaaNoResultsInstructions") : t("xaaNoConnectionsInstructions")}
        />
      ) : (
        <Table aria-label={t("xaaConnections")} variant="compact" data-testid="xaa-connections-table">
          <Thead>
            <Tr>
              <Th>{t("xaaClient")}</Th>
              <Th>{t("xaaResourceApp")}</Th>
              <Th>{t("xaaScopes")}</Th>
              <Th>{t("xaaRequiredGroups")}</Th>
              <Th>{t("xaaExpiresAt")}</Th>
              <Th>{t("xaaLastUsed")}</Th>
              <Th>{t("xaaIssuedCount")}</Th>
              <Th>{t("xaaStatus")}</Th>
              {manageConnections && <Th screenReaderText={t("xaaActions")} />}
            </Tr>
          </Thead>
          <Tbody>
            {connections?.map((connection) => (
              <Tr key={connection.id} data-testid={`xaa-connection-${connection.clientId}`}>
                <Td dataLabel={t("xaaClient")}>
                  <Link to={paths.connection(realm, connection.id)}>{connection.clientId}</Link>
                </Td>
                <Td dataLabel={t("xaaResourceApp")}>{name(connection.resourceAppId)}</Td>
                <Td dataLabel={t("xaaScopes")}>{connection.scopes.join(" ")}</Td>
                <Td dataLabel={t("xaaRequiredGroups")}>
                  {[...connection.requiredGroups, ...(connection.missingRequiredGroupIds ?? []).map((id) => t("xaaDeletedGroup", { id }))].join(", ")}
                </Td>
                <Td dataLabel={t("xaaExpiresAt")}>{connection.expiresAt ? formatTime(connection.expiresAt) : t("xaaNever")}</Td>
                <Td dataLabel={t("xaaLastUsed")}>{connection.lastUsedAt ? formatTime(connection.lastUsedAt) : t("xaaNeverUsed")}</Td>
                <Td dataLabel={t("xaaIssuedCount")}>{connection.issuedCount ?? 0}</Td>
                <Td dataLabel={t("xaaStatus")} data-testid="xaa-connection-status">
                  <ConnectionStatus connection={connection} />
                </Td>
                {manageConnections && (
                  <Td isActionCell>
                    <ActionsColumn
                      items={[
                        { title: t("xaaEdit"), onClick: () => navigate(paths.connection(realm, connection.id)) },
                        connection.enabled
                          ? { title: t("xaaDisable"), onClick: () => ask(connection, "disable") }
                          : { title: t("xaaEnable"), onClick: () => ask(connection, "enable") },
                        { title: t("xaaDelete"), onClick: () => ask(connection, "delete") },
                      ]}
                    />
                  </Td>
                )}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
};
