import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Checkbox,
  Chip,
  ChipGroup,
  Form,
  FormSelect,
  FormSelectOption,
  PageSection,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import type { Connection } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "../components/Alerts";
import { ConnectionStatus } from "../components/ConnectionsTable";
import { DetailHeader } from "../components/DetailHeader";
import { DetailList } from "../components/DetailList";
import { Field, validated } from "../components/Field";
import { FormActions } from "../components/FormActions";
import { usePickers } from "../components/pickers";
import { descriptionProblem, notOffered, required, textProblem } from "../components/rules";
import { SearchSelect } from "../components/SearchSelect";
import { formatUtc, formatZonedTime, fromLocalInput, toLocalInput, zoneLabel } from "../components/time";
import { useDetailActions } from "../components/useDetailActions";
import { useFormProblems } from "../components/useFormProblems";
import { useLoad } from "../components/useLoad";
import { useResourceApps } from "../components/useResourceApps";
import { useRights } from "../components/useRights";
import { paths } from "../paths";

const NEW_CONNECTION: Connection = {
  clientId: "",
  resourceAppId: "",
  clientIdAtResourceApp: "",
  scopes: [],
  resources: [],
  requiredGroups: [],
  enabled: true,
  expiresAt: null,
};

const FIELDS = ["clientId", "resourceAppId", "clientIdAtResourceApp", "scopes", "resources", "requiredGroups", "expiresAt", "description"];
/** Enough for one client's connections: a realm has a handful of resource apps. */
const ALL = 1000;

/** A console route of this realm to return to (the client's tab, say); anything else is ignored. */
const returnRoute = (value: string | null, realm: string) => (value?.startsWith(`/${realm}/`) ? value : undefined);

type SubsetProps = { id: string; offered: string[]; chosen: string[]; onChange: (values: string[]) => void; isDisabled: boolean; isInvalid: boolean };

/** Checkboxes over what the resource app offers; a chosen value it does not offer stays listed, to be unchecked. */
const SubsetPicker = ({ id, offered, chosen, onChange, isDisabled, isInvalid }: SubsetProps) => (
  <>
    {[...offered, ...chosen.filter((value) => !offered.includes(value))].map((value) => (
      <Checkbox
        key={value}
        id={`${id}-${value}`}
        label={value}
        isDisabled={isDisabled}
        isValid={!isInvalid || offered.includes(value)}
        isChecked={chosen.includes(value)}
        onChange={(_, checked) => onChange(checked ? [...chosen, value] : chosen.filter((v) => v !== value))}
      />
    ))}
  </>
);

export default function ConnectionPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [query] = useSearchParams();
  const { realm } = useRealm();
  const { adminClient } = useAdminClient();
  const api = useXaaApi();
  const alerts = useAlerts();
  const navigate = useNavigate();
  const pickers = usePickers();
  const { apps } = useResourceApps();
  const rights = useRights();
  const readOnly = !rights.manageConnections;
  const isNew = id === "new";
  const returnTo = returnRoute(query.get("returnTo"), realm);
  const [connection, setConnection] = useState<Connection>(NEW_CONNECTION);
  const [stored, setStored] = useState<Connection>();
  const { value: loaded } = useLoad(
    async () =>
      isNew
        ? { ...NEW_CONNECTION, clientId: query.get("clientId") ?? "", resourceAppId: query.get("resourceAppId") ?? "" }
        : api.get<Connection>(`connections/${id}`),
    [api, id],
  );
  useEffect(() => {
    if (!loaded) return;
    setConnection({ ...NEW_CONNECTION, ...loaded });
    setStored(isNew ? undefined : loaded);
  }, [loaded, isNew]);

  // A new connection's client: the apps it is connected to already are marked and cannot be chosen again.
  const { value: clientConnections } = useLoad(
    async () => (isNew && connection.clientId ? api.get<Connection[]>("connections", { clientId: connection.clientId, max: ALL }) : []),
    [api, isNew, connection.clientId],
  );
  const existingTo = (appId: string) => clientConnections?.find((other) => other.resourceAppId === appId);
  // An existing connection's client, shown as a link to its page.
  const { value: clientUuid } = useLoad(
    async () => (stored ? (await adminClient.clients.find({ realm, clientId: stored.clientId, max: 1 }))[0]?.id : undefined),
    [stored?.clientId, realm],
  );

  const app = apps.find((candidate) => candidate.id === connection.resourceAppId);
  const existing = isNew ? existingTo(connection.resourceAppId) : undefined;
  const problems = useFormProblems(
    {
      clientId: required(connection.clientId),
      resourceAppId:
        required(connection.resourceAppId) ??
        (existing ? { code: "alreadyConnected", params: { clientId: connection.clientId, connectionId: existing.id! } } : undefined),
      clientIdAtResourceApp: textProblem(connection.clientIdAtResourceApp),
      scopes: app && notOffered(connection.scopes, app.scopes, app.name),
      resources: app && notOffered(connection.resources, app.resources, app.name),
      description: descriptionProblem(connection.description),
    },
    FIELDS,
  );
  const set = (field: string, changes: Partial<Connection>) => {
    problems.touch(field);
    setConnection({ ...connection, ...changes });
  };
  const leave = (fallback: string) => navigate(returnTo ?? fallback);

  const save = async () => {
    if (!problems.ready()) return;
    try {
      if (isNew) {
        const created = await api.post<Connection>("connections", connection);
        alerts.success(t("xaaConnectionSaved"));
        leave(paths.connection(realm, created.id));
      } else {
        const saved = await api.put<Connection>(`connections/${id}`, connection);
        setConnection({ ...NEW_CONNECTION, ...saved });
        setStored(saved);
        alerts.success(t("xaaConnectionSaved"));
      }
    } catch (error) {
      if (!problems.refused(error)) alerts.error(error);
    }
  };

  const named = { clientId: stored?.clientId };
  const { items, ConfirmDialog } = useDetailActions({
    path: `connections/${id}`,
    stored,
    // Re-enabling widens the connection: the resource app owner's decision (manage-realm), as the API rules.
    allowed: { disable: rights.manageConnections, enable: rights.manageConnections && rights.grantConnections, delete: rights.manageConnections },
    texts: {
      disable: { title: t("xaaDisableConnectionTitle"), message: t("xaaDisableConnectionMessage", named), done: t("xaaConnectionDisabled") },
      enable: { title: t("xaaEnableConnectionTitle"), message: t("xaaEnableConnectionMessage", named), done: t("xaaConnectionEnabled") },
      delete: { title: t("xaaDeleteConnectionTitle"), message: t("xaaDeleteConnectionMessage", named), done: t("xaaConnectionDeleted") },
    },
    onSaved: (saved) => {
      setStored(saved);
      setConnection({ ...connection, enabled: saved.enabled });
    },
    onDeleted: () => leave(paths.connections(realm)),
  });

  const storedApp = apps.find((candidate) => candidate.id === stored?.resourceAppId);
  const expiresHelp = (
    <>
      {t("xaaExpiresAtHelp")} {t("xaaTimeZone", { zone: zoneLabel() })}
      {connection.expiresAt && <span data-testid="xaa-expires-at-utc"> {t("xaaStoredAs", { time: formatUtc(connection.expiresAt) })}</span>}
    </>
  );
  return (
    <>
      <ConfirmDialog />
      <DetailHeader
        list={{ title: t("xaaConnections"), to: paths.connections(realm) }}
        title={isNew ? t("xaaCreateConnection") : `${stored?.clientId ?? ""} → ${storedApp?.name ?? ""}`}
        help={t("xaaConnectionsHelp")}
        actions={isNew ? undefined : items}
      />
      <PageSection variant="light">
        {readOnly && <Alert variant="info" isInline title={t("xaaReadOnly")} data-testid="xaa-read-only" />}
        {problems.formError && <Alert variant="danger" isInline title={problems.formError} data-testid="xaa-form-error" />}
        <Form isHorizontal onSubmit={(event) => event.preventDefault()} data-testid="xaa-connection-form">
          {isNew ? (
            <Field label={t("xaaClient")} fieldId="xaa-client-input" help={t("xaaClientHelp")} isRequired error={problems.error("clientId")}>
              <SearchSelect
                id="xaa-client"
                value={connection.clientId}
                placeholder={t("xaaSelectClient")}
                search={pickers.eligibleClients}
                isDisabled={readOnly}
                onSelect={(clientId) => set("clientId", { clientId })}
              />
            </Field>
          ) : (
            <Field label={t("xaaClient")} fieldId="xaa-client">
              <Link id="xaa-client" data-testid="xaa-client-link" to={clientUuid ? `/${realm}/clients/${clientUuid}/settings` : "#"}>
                {stored?.clientId}
              </Link>
            </Field>
          )}
          {isNew ? (
            <Field label={t("xaaResourceApp")} fieldId="xaa-resource-app" isRequired error={problems.error("resourceAppId")}>
              <FormSelect
                id="xaa-resource-app"
                isDisabled={readOnly}
                validated={validated(problems.error("resourceAppId"))}
                value={connection.resourceAppId}
                onChange={(_, resourceAppId) => set("resourceAppId", { resourceAppId })}
              >
                <FormSelectOption value="" label={t("xaaSelectResourceApp")} isPlaceholder />
                {apps.map((candidate) => {
                  const label = `${candidate.name} (${candidate.audience})`;
                  const connected = !!existingTo(candidate.id!);
                  return (
                    <FormSelectOption
                      key={candidate.id}
                      value={candidate.id}
                      isDisabled={connected && candidate.id !== connection.resourceAppId}
                      label={connected ? t("xaaAlreadyConnectedOption", { app: label }) : label}
                    />
                  );
                })}
              </FormSelect>
            </Field>
          ) : (
            <Field label={t("xaaResourceApp")} fieldId="xaa-resource-app">
              <Link id="xaa-resource-app" data-testid="xaa-resource-app-link" to={paths.resourceApp(realm, stored?.resourceAppId)}>
                {storedApp ? `${storedApp.name} (${storedApp.audience})` : ""}
              </Link>
            </Field>
          )}
          <Field
            label={t("xaaClientIdAtResourceApp")}
            fieldId="xaa-client-id-at-app"
            help={t("xaaClientIdAtResourceAppHelp")}
            isRequired
            error={problems.error("clientIdAtResourceApp")}
          >
            <TextInput
              id="xaa-client-id-at-app"
              isDisabled={readOnly}
              validated={validated(problems.error("clientIdAtResourceApp"))}
              value={connection.clientIdAtResourceApp}
              onChange={(_, clientIdAtResourceApp) => set("clientIdAtResourceApp", { clientIdAtResourceApp })}
            />
          </Field>
          <Field label={t("xaaScopes")} fieldId="xaa-connection-scopes" help={t("xaaConnectionScopesHelp")} error={problems.error("scopes")}>
            <SubsetPicker
              id="xaa-scope"
              offered={app?.scopes ?? []}
              chosen={connection.scopes}
              isDisabled={readOnly}
              isInvalid={!!problems.error("scopes")}
              onChange={(scopes) => set("scopes", { scopes })}
            />
          </Field>
          <Field label={t("xaaResources")} fieldId="xaa-connection-resources" help={t("xaaConnectionResourcesHelp")} error={problems.error("resources")}>
            <SubsetPicker
              id="xaa-resource"
              offered={app?.resources ?? []}
              chosen={connection.resources}
              isDisabled={readOnly}
              isInvalid={!!problems.error("resources")}
              onChange={(resources) => set("resources", { resources })}
            />
          </Field>
          <Field label={t("xaaRequiredGroups")} fieldId="xaa-groups" help={t("xaaRequiredGroupsHelp")} error={problems.error("requiredGroups")}>
            <ChipGroup id="xaa-groups">
              {connection.requiredGroups.map((path) => (
                <Chip
                  key={path}
                  isReadOnly={readOnly}
                  onClick={() => set("requiredGroups", { requiredGroups: connection.requiredGroups.filter((p) => p !== path) })}
                >
                  {path}
                </Chip>
              ))}
              {(connection.missingRequiredGroupIds ?? []).map((groupId) => (
                <Chip
                  key={groupId}
                  isReadOnly={readOnly}
                  onClick={() =>
                    set("requiredGroups", { missingRequiredGroupIds: connection.missingRequiredGroupIds?.filter((g) => g !== groupId) })
                  }
                >
                  {t("xaaDeletedGroup", { id: groupId })}
                </Chip>
              ))}
            </ChipGroup>
            {!readOnly && (
              // The stock GroupPickerDialog needs a context the library keeps internal (it crashed the console).
              <SearchSelect
                id="xaa-add-group"
                value=""
                clearOnSelect
                placeholder={t("xaaAddGroups")}
                search={pickers.groups}
                onSelect={(path) =>
                  path && !connection.requiredGroups.includes(path) && set("requiredGroups", { requiredGroups: [...connection.requiredGroups, path] })
                }
              />
            )}
          </Field>
          <Field label={t("xaaExpiresAt")} fieldId="xaa-expires-at" help={expiresHelp} error={problems.error("expiresAt")}>
            <TextInput
              id="xaa-expires-at"
              type="datetime-local"
              isDisabled={readOnly}
              validated={validated(problems.error("expiresAt"))}
              value={toLocalInput(connection.expiresAt)}
              onChange={(_, value) => set("expiresAt", { expiresAt: fromLocalInput(value) })}
            />
          </Field>
          <Field label={t("xaaDescription")} fieldId="xaa-description" help={t("xaaDescriptionHelp")} error={problems.error("description")}>
            <TextArea
              id="xaa-description"
              isDisabled={readOnly}
              validated={validated(problems.error("description"))}
              value={connection.description ?? ""}
              onChange={(_, description) => set("description", { description })}
            />
          </Field>
          {stored && (
            <DetailList
              rows={[
                [t("xaaStatus"), <ConnectionStatus connection={stored} />],
                [t("xaaCreatedBy"), `${stored.createdBy ?? ""} ${formatZonedTime(stored.createdAt)}`],
                [t("xaaUpdatedBy"), `${stored.updatedBy ?? ""} ${formatZonedTime(stored.updatedAt)}`],
                [
                  t("xaaLastUsed"),
                  <>
                    {stored.lastUsedAt ? formatZonedTime(stored.lastUsedAt) : t("xaaNeverUsed")} ({t("xaaIssuedCount")}: {stored.issuedCount ?? 0})
                  </>,
                ],
              ]}
            />
          )}
          <FormActions isNew={isNew} readOnly={readOnly} onSave={save} onCancel={() => leave(paths.connections(realm))} />
        </Form>
      </PageSection>
    </>
  );
}
