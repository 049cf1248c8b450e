import { useRealm } from "@keycloak/keycloak-admin-ui";
import { Button, FormSelect, FormSelectOption, Label, ToolbarItem, Tooltip } from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Connection } from "../api/types";
import { paths } from "../paths";
import { Empty, EmptyAction } from "./Empty";
import { PagedToolbar } from "./PagedToolbar";
import { usePickers } from "./pickers";
import { SearchSelect } from "./SearchSelect";
import { formatTime, isExpired } from "./time";
import { useConnectionActions } from "./useConnectionActions";
import { usePagedList } from "./usePagedList";
import { useResourceApps } from "./useResourceApps";
import { useRights } from "./useRights";

type StatusProps = {
  /** None: the client has no connection to the app (the client's tab shows every app). */
  connection?: Connection;
  /** The word for an active connection: "Enabled" in lists, "Connected" on the client's tab. */
  activeKey?: string;
};

/** A connection's state: not connected, disabled (revoked), expired, or active. */
export const ConnectionStatus = ({ connection, activeKey = "xaaEnabled" }: StatusProps) => {
  const { t } = useTranslation();
  if (!connection) return <Label variant="outline">{t("xaaNotConnected")}</Label>;
  if (!connection.enabled) return <Label color="grey">{t("xaaDisabled")}</Label>;
  if (isExpired(connection.expiresAt)) return <Label color="orange">{t("xaaExpired")}</Label>;
  return <Label color="green">{t(activeKey)}</Label>;
};

/** "Create connection"; while the realm has no resource app it stays disabled and says why. */
const CreateConnectionButton = ({ noApps, onClick }: { noApps: boolean; onClick: () => void }) => {
  const { t } = useTranslation();
  const button = (
    <Button data-testid="xaa-create-connection" isAriaDisabled={noApps} onClick={onClick}>
      {t("xaaCreateConnection")}
    </Button>
  );
  return noApps ? <Tooltip content={t("xaaCreateConnectionNoApps")}>{button}</Tooltip> : button;
};

/** Connections with search, filters and server-side paging. */
export const ConnectionsTable = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const navigate = useNavigate();
  const pickers = usePickers();
  const { apps, loaded: appsLoaded, name } = useResourceApps();
  const { manageConnections, grantConnections, manageResourceApps } = useRights();
  const [search, setSearch] = useState("");
  const [client, setClient] = useState("");
  const [resourceAppId, setResourceAppId] = useState("");

  const filters = { search, clientId: client, resourceAppId };
  const { page, setPage, items: connections, count, reload } = usePagedList<Connection>("connections", filters, [search, client, resourceAppId], 10);

  const { ask, ConfirmDialog } = useConnectionActions(() => reload());
  const noApps = appsLoaded && apps.length === 0;
  const create = () => navigate(paths.connection(realm));

  const filtered = !!(search || client || resourceAppId);
  const emptyAction = (): EmptyAction | undefined => {
    if (filtered) return undefined;
    if (noApps) {
      return manageResourceApps
        ? { label: t("xaaCreateResourceApp"), onClick: () => navigate(paths.resourceApp(realm)), testId: "xaa-empty-create-resource-app" }
        : undefined;
    }
    return grantConnections ? { label: t("xaaCreateConnection"), onClick: create, testId: "xaa-empty-create-connection" } : undefined;
  };
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
        <ToolbarItem style={{ minWidth: "14rem" }}>
          <SearchSelect id="xaa-filter-client" value={client} placeholder={t("xaaAllClients")} search={pickers.clients} onSelect={setClient} />
        </ToolbarItem>
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
        {grantConnections && (
          <ToolbarItem>
            <CreateConnectionButton noApps={noApps} onClick={create} />
          </ToolbarItem>
        )}
      </PagedToolbar>
      {connections && connections.length === 0 ? (
        <Empty
          filtered={filtered}
          title={filtered ? t("xaaNoResults") : t("xaaNoConnections")}
          body={filtered ? t("xaaNoResultsInstructions") : t(noApps ? "xaaNoConnectionsNoAppsInstructions" : "xaaNoConnectionsInstructions")}
          action={emptyAction()}
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
                        ...(connection.enabled
                          ? [{ title: t("xaaDisable"), onClick: () => ask(connection, "disable") }]
                          : grantConnections
                            ? [{ title: t("xaaEnable"), onClick: () => ask(connection, "enable") }]
                            : []),
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
