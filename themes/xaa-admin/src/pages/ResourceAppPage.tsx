import { useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  Form,
  FormSection,
  PageSection,
  Split,
  SplitItem,
  Switch,
  TextInput,
} from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import type { ResourceApp, StepUp } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "../components/Alerts";
import { Field } from "../components/Field";
import { FormActions } from "../components/FormActions";
import { useLoad } from "../components/useLoad";
import { useRights } from "../components/useRights";
import { ValuesInput } from "../components/ValuesInput";
import { paths } from "../paths";

const NEW_APP: ResourceApp = {
  name: "",
  audience: "",
  resources: [],
  scopes: [],
  idJagLifetimeSeconds: 300,
  includeEmail: false,
  enabled: true,
  stepUp: null,
  scopeStepUp: {},
};

const number = (text: string) => (text.trim() === "" ? null : Number(text));

/** Step-up requirements: ACR values and a maximum authentication age. */
const StepUpFields = ({ id, value, onChange, isDisabled }: { id: string; value?: StepUp | null; onChange: (stepUp: StepUp) => void; isDisabled: boolean }) => {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("xaaAcrValues")} fieldId={`${id}-acr`} help={t("xaaAcrValuesHelp")}>
        <ValuesInput id={`${id}-acr`} isDisabled={isDisabled} values={value?.acrValues ?? []} onChange={(acrValues) => onChange({ ...value, acrValues })} />
      </Field>
      <Field label={t("xaaMaxAge")} fieldId={`${id}-max-age`} help={t("xaaMaxAgeHelp")}>
        <TextInput
          id={`${id}-max-age`}
          type="number"
          isDisabled={isDisabled}
          value={value?.maxAgeSeconds ?? ""}
          onChange={(_, text) => onChange({ ...value, maxAgeSeconds: number(text) })}
        />
      </Field>
    </>
  );
};

/** An empty step-up is no step-up: the API is sent null rather than {acrValues: []}. */
function stepUpOrNull(stepUp?: StepUp | null): StepUp | null {
  return stepUp && ((stepUp.acrValues?.length ?? 0) > 0 || stepUp.maxAgeSeconds != null) ? stepUp : null;
}

export default function ResourceAppPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { realm } = useRealm();
  const api = useXaaApi();
  const alerts = useAlerts();
  const navigate = useNavigate();
  const readOnly = !useRights().manageResourceApps;
  const isNew = id === "new";
  const [app, setApp] = useState<ResourceApp>(NEW_APP);
  const [newScope, setNewScope] = useState("");
  const { value: loaded } = useLoad(async () => (isNew ? NEW_APP : api.get<ResourceApp>(`resource-apps/${id}`)), [api, id]);
  useEffect(() => loaded && setApp({ ...NEW_APP, ...loaded }), [loaded]);

  const set = (changes: Partial<ResourceApp>) => setApp({ ...app, ...changes });
  const setScopeStepUp = (scope: string, stepUp: StepUp | undefined) => {
    const next = { ...app.scopeStepUp };
    if (stepUp) next[scope] = stepUp;
    else delete next[scope];
    set({ scopeStepUp: next });
  };

  const save = async () => {
    const body = {
      ...app,
      stepUp: stepUpOrNull(app.stepUp),
      scopeStepUp: Object.fromEntries(Object.entries(app.scopeStepUp ?? {}).map(([scope, stepUp]) => [scope, stepUpOrNull(stepUp) ?? {}])),
    };
    try {
      if (isNew) {
        const created = await api.post<ResourceApp>("resource-apps", body);
        navigate(paths.resourceApp(realm, created.id));
      } else {
        setApp({ ...NEW_APP, ...(await api.put<ResourceApp>(`resource-apps/${id}`, body)) });
      }
      alerts.success(t("xaaResourceAppSaved"));
    } catch (error) {
      alerts.error(error);
    }
  };

  return (
    <>
      <ViewHeader titleKey={isNew ? t("xaaCreateResourceApp") : app.name || t("xaaEditResourceApp")} subKey={t("xaaResourceAppsHelp")} />
      <PageSection variant="light">
        {readOnly && <Alert variant="info" isInline title={t("xaaReadOnly")} data-testid="xaa-read-only" />}
        <Form isHorizontal onSubmit={(event) => event.preventDefault()} data-testid="xaa-resource-app-form">
          <Field label={t("xaaName")} fieldId="xaa-name" isRequired>
            <TextInput id="xaa-name" isRequired isDisabled={readOnly} value={app.name} onChange={(_, name) => set({ name })} />
          </Field>
          <Field label={t("xaaAudience")} fieldId="xaa-audience" help={t("xaaAudienceHelp")} isRequired>
            <TextInput id="xaa-audience" isRequired isDisabled={readOnly} value={app.audience} onChange={(_, audience) => set({ audience })} />
          </Field>
          <Field label={t("xaaResources")} fieldId="xaa-resources" help={t("xaaResourcesHelp")}>
            <ValuesInput id="xaa-resources" isDisabled={readOnly} values={app.resources} onChange={(resources) => set({ resources })} />
          </Field>
          <Field label={t("xaaScopes")} fieldId="xaa-scopes" help={t("xaaScopesHelp")}>
            <ValuesInput id="xaa-scopes" isDisabled={readOnly} values={app.scopes} onChange={(scopes) => set({ scopes })} />
          </Field>
          <Field label={t("xaaLifetime")} fieldId="xaa-lifetime" help={t("xaaLifetimeHelp")}>
            <TextInput
              id="xaa-lifetime"
              type="number"
              isDisabled={readOnly}
              value={app.idJagLifetimeSeconds}
              onChange={(_, text) => set({ idJagLifetimeSeconds: Number(text) })}
            />
          </Field>
          <Field label={t("xaaIncludeEmail")} fieldId="xaa-include-email" help={t("xaaIncludeEmailHelp")}>
            <Switch id="xaa-include-email" aria-label={t("xaaIncludeEmail")} isDisabled={readOnly} isChecked={app.includeEmail} onChange={(_, includeEmail) => set({ includeEmail })} />
          </Field>
          <Field label={t("xaaEnabled")} fieldId="xaa-enabled">
            <Switch id="xaa-enabled" aria-label={t("xaaEnabled")} isDisabled={readOnly} isChecked={app.enabled} onChange={(_, enabled) => set({ enabled })} />
          </Field>
          <FormSection title={t("xaaStepUp")}>
            <StepUpFields id="xaa-step-up" isDisabled={readOnly} value={app.stepUp} onChange={(stepUp) => set({ stepUp })} />
          </FormSection>
          <FormSection title={t("xaaScopeStepUp")}>
            {Object.entries(app.scopeStepUp ?? {}).map(([scope, stepUp]) => (
              <FormSection key={scope} title={scope} titleElement="h3">
                <StepUpFields id={`xaa-step-up-${scope}`} isDisabled={readOnly} value={stepUp} onChange={(next) => setScopeStepUp(scope, next)} />
                {!readOnly && (
                  <Button variant="link" isInline onClick={() => setScopeStepUp(scope, undefined)}>
                    {t("xaaRemove")}
                  </Button>
                )}
              </FormSection>
            ))}
            {!readOnly && (
              <Split hasGutter>
                <SplitItem isFilled>
                  <TextInput id="xaa-scope-step-up-scope" aria-label={t("xaaScopes")} value={newScope} onChange={(_, text) => setNewScope(text)} />
                </SplitItem>
                <SplitItem>
                  <Button
                    variant="secondary"
                    isDisabled={!newScope.trim() || !app.scopes.includes(newScope.trim())}
                    onClick={() => {
                      setScopeStepUp(newScope.trim(), { acrValues: [] });
                      setNewScope("");
                    }}
                  >
                    {t("xaaAddScopeStepUp")}
                  </Button>
                </SplitItem>
              </Split>
            )}
          </FormSection>
          <FormActions isNew={isNew} readOnly={readOnly} onSave={save} cancelTo={paths.resourceApps(realm)} />
        </Form>
      </PageSection>
    </>
  );
}
