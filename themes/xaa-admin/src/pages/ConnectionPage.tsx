import { useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Checkbox,
  Chip,
  ChipGroup,
  Form,
  FormSelect,
  FormSelectOption,
  PageSection,
  Switch,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router-dom";
import type { Connection } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "../components/Alerts";
import { ConnectionStatus } from "../components/ConnectionsTable";
import { DetailList } from "../components/DetailList";
import { Field } from "../components/Field";
import { FormActions } from "../components/FormActions";
import { usePickers } from "../components/pickers";
import { SearchSelect } from "../components/SearchSelect";
import { formatTime, fromLocalInput, toLocalInput } from "../components/time";
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
  description: "",
};

/** Checkboxes over what the resource app offers; the connection may allow a subset. */
const SubsetPicker = ({ id, offered, chosen, onChange, isDisabled }: { id: string; offered: string[]; chosen: string[]; onChange: (values: string[]) => void; isDisabled: boolean }) => (
  <>
    {offered.map((value) => (
      <Checkbox
        key={value}
        id={`${id}-${value}`}
        label={value}
        isDisabled={isDisabled}
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
  const api = useXaaApi();
  const alerts = useAlerts();
  const navigate = useNavigate();
  const pickers = usePickers();
  const { apps } = useResourceApps();
  const readOnly = !useRights().manageConnections;
  const isNew = id === "new";
  const [connection, setConnection] = useState<Connection>(NEW_CONNECTION);
  const { value: loaded } = useLoad(
    async () =>
      isNew
        ? { ...NEW_CONNECTION, clientId: query.get("clientId") ?? "", resourceAppId: query.get("resourceAppId") ?? "" }
        : api.get<Connection>(`connections/${id}`),
    [api, id],
  );
  useEffect(() => loaded && setConnection({ ...NEW_CONNECTION, ...loaded }), [loaded]);

  // Only a route of this realm's console: never an address elsewhere.
  const returnTo = query.get("returnTo")?.startsWith(`/${realm}/`) ? query.get("returnTo")! : undefined;
  const set = (changes: Partial<Connection>) => setConnection({ ...connection, ...changes });
  const app = apps.find((candidate) => candidate.id === connection.resourceAppId);

  const save = async () => {
    try {
      if (isNew) {
        const created = await api.post<Connection>("connections", connection);
        navigate(returnTo ?? paths.connection(realm, created.id));
      } else {
        setConnection({ ...NEW_CONNECTION, ...(await api.put<Connection>(`connections/${id}`, connection)) });
      }
      alerts.success(t("xaaConnectionSaved"));
    } catch (error) {
      alerts.error(error);
    }
  };

  return (
    <>
      <ViewHeader
        titleKey={isNew ? t("xaaCreateConnection") : `${connection.clientId} → ${app?.name ?? ""}`}
        subKey={t("xaaConnectionsHelp")}
      />
      <PageSection variant="light">
        {readOnly && <Alert variant="info" isInline title={t("xaaReadOnly")} data-testid="xaa-read-only" />}
        <Form isHorizontal onSubmit={(event) => event.preventDefault()} data-testid="xaa-connection-form">
          <Field label={t("xaaClient")} fieldId="xaa-client-input" help={t("xaaClientHelp")} isRequired>
            <SearchSelect
              id="xaa-client"
              value={connection.clientId}
              placeholder={t("xaaSelectClient")}
              search={pickers.clients}
              isDisabled={readOnly}
              onSelect={(clientId) => set({ clientId })}
            />
          </Field>
          <Field label={t("xaaResourceApp")} fieldId="xaa-resource-app" isRequired>
            <FormSelect
              id="xaa-resource-app"
              isDisabled={readOnly}
              value={connection.resourceAppId}
              onChange={(_, resourceAppId) => set({ resourceAppId, scopes: [], resources: [] })}
            >
              <FormSelectOption value="" label={t("xaaSelectResourceApp")} isPlaceholder />
              {apps.map((candidate) => (
                <FormSelectOption key={candidate.id} value={candidate.id} label={`${candidate.name} (${candidate.audience})`} />
              ))}
            </FormSelect>
          </Field>
          <Field label={t("xaaClientIdAtResourceApp")} fieldId="xaa-client-id-at-app" help={t("xaaClientIdAtResourceAppHelp")} isRequired>
            <TextInput
              id="xaa-client-id-at-app"
              isDisabled={readOnly}
              value={connection.clientIdAtResourceApp}
              onChange={(_, clientIdAtResourceApp) => set({ clientIdAtResourceApp })}
            />
          </Field>
          <Field label={t("xaaScopes")} fieldId="xaa-connection-scopes" help={t("xaaConnectionScopesHelp")}>
            <SubsetPicker id="xaa-scope" offered={app?.scopes ?? []} chosen={connection.scopes} isDisabled={readOnly} onChange={(scopes) => set({ scopes })} />
          </Field>
          <Field label={t("xaaResources")} fieldId="xaa-connection-resources" help={t("xaaConnectionResourcesHelp")}>
            <SubsetPicker id="xaa-resource" offered={app?.resources ?? []} chosen={connection.resources} isDisabled={readOnly} onChange={(resources) => set({ resources })} />
          </Field>
          <Field label={t("xaaRequiredGroups")} fieldId="xaa-groups" help={t("xaaRequiredGroupsHelp")}>
            <ChipGroup id="xaa-groups">
              {connection.requiredGroups.map((path) => (
                <Chip key={path} isReadOnly={readOnly} onClick={() => set({ requiredGroups: connection.requiredGroups.filter((p) => p !== path) })}>
                  {path}
                </Chip>
              ))}
              {(connection.missingRequiredGroupIds ?? []).map((groupId) => (
                <Chip
                  key={groupId}
                  isReadOnly={readOnly}
                  onClick={() => set({ missingRequiredGroupIds: connection.missingRequiredGroupIds?.filter((g) => g !== groupId) })}
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
                onSelect={(path) => path && !connection.requiredGroups.includes(path) && set({ requiredGroups: [...connection.requiredGroups, path] })}
              />
            )}
          </Field>
          <Field label={t("xaaExpiresAt")} fieldId="xaa-expires-at" help={t("xaaExpiresAtHelp")}>
            <TextInput
              id="xaa-expires-at"
              type="datetime-local"
              isDisabled={readOnly}
              value={toLocalInput(connection.expiresAt)}
              onChange={(_, value) => set({ expiresAt: fromLocalInput(value) })}
            />
          </Field>
          <Field label={t("xaaDescription")} fieldId="xaa-description" help={t("xaaDescriptionHelp")}>
            <TextArea id="xaa-description" isDisabled={readOnly} value={connection.description ?? ""} onChange={(_, description) => set({ description })} />
          </Field>
          <Field label={t("xaaEnabled")} fieldId="xaa-connection-enabled">
            <Switch id="xaa-connection-enabled" aria-label={t("xaaEnabled")} isDisabled={readOnly} isChecked={connection.enabled} onChange={(_, enabled) => set({ enabled })} />
          </Field>
          {!isNew && (
            <DetailList
              rows={[
                [t("xaaStatus"), <ConnectionStatus connection={connection} />],
                [t("xaaCreatedBy"), `${connection.createdBy ?? ""} ${formatTime(connection.createdAt)}`],
                [t("xaaUpdatedBy"), `${connection.updatedBy ?? ""} ${formatTime(connection.updatedAt)}`],
                [
                  t("xaaLastUsed"),
                  <>
                    {connection.lastUsedAt ? formatTime(connection.lastUsedAt) : t("xaaNeverUsed")} ({t("xaaIssuedCount")}: {connection.issuedCount ?? 0})
                  </>,
                ],
              ]}
            />
          )}
          <FormActions isNew={isNew} readOnly={readOnly} onSave={save} cancelTo={returnTo ?? paths.connections(realm)} />
        </Form>
      </PageSection>
    </>
  );
}
