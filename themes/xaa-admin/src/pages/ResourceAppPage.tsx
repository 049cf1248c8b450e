import { useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  Button,
  Form,
  FormSection,
  FormSelect,
  FormSelectOption,
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
import { DetailHeader } from "../components/DetailHeader";
import { Field, validated } from "../components/Field";
import { FormActions } from "../components/FormActions";
import {
  MAX_AGE_LIMIT,
  MAX_LIFETIME_SECONDS,
  Problem,
  acrProblem,
  audienceProblem,
  firstProblem,
  parseAcrLoaMap,
  rangeProblem,
  scopeProblem,
  serverUriProblem,
  textProblem,
} from "../components/rules";
import { useDetailActions } from "../components/useDetailActions";
import { FormProblems, useFormProblems } from "../components/useFormProblems";
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
  allowRefreshTokenSubject: false,
  allowOfflineTokenSubject: false,
  stepUp: null,
  scopeStepUp: {},
};

const number = (text: string) => (text.trim() === "" ? null : Number(text));

const isEmpty = (stepUp?: StepUp | null) => !stepUp || ((stepUp.acrValues?.length ?? 0) === 0 && stepUp.maxAgeSeconds == null);

/** An empty step-up is no step-up: the API is sent null rather than {acrValues: []}. */
const stepUpOrNull = (stepUp?: StepUp | null) => (isEmpty(stepUp) ? null : stepUp!);

/** The problems of one step-up's inputs, under its API field ("stepUp" or "scopeStepUp.{scope}"). */
function stepUpProblems(field: string, stepUp: StepUp | null | undefined, acrLoaMap: Record<string, number>, mustHaveOne: boolean) {
  return {
    [`${field}.acrValues`]: (mustHaveOne && isEmpty(stepUp) ? { code: "stepUpEmpty" } : undefined) ?? acrProblem(stepUp?.acrValues ?? [], acrLoaMap),
    [`${field}.maxAgeSeconds`]: rangeProblem(stepUp?.maxAgeSeconds, 1, MAX_AGE_LIMIT),
  } as Record<string, Problem | undefined>;
}

type StepUpProps = {
  id: string;
  field: string;
  value?: StepUp | null;
  onChange: (stepUp: StepUp) => void;
  isDisabled: boolean;
  problems: FormProblems;
  acrLoaMap: Record<string, number>;
};

/** Step-up requirements: ACR values (beside the realm's ACR→level map they are resolved through) and a maximum age. */
const StepUpFields = ({ id, field, value, onChange, isDisabled, problems, acrLoaMap }: StepUpProps) => {
  const { t } = useTranslation();
  const mapped = Object.entries(acrLoaMap);
  const acrError = problems.error(`${field}.acrValues`) ?? problems.error(field);
  return (
    <>
      <Field
        label={t("xaaAcrValues")}
        fieldId={`${id}-acr`}
        error={acrError}
        help={
          <>
            {t("xaaAcrValuesHelp")}{" "}
            <span data-testid={`${id}-acr-map`}>
              {mapped.length > 0
                ? t("xaaAcrLoaMap", { map: mapped.map(([acr, level]) => `${acr} → ${level}`).join(", ") })
                : t("xaaAcrLoaMapEmpty")}
            </span>
          </>
        }
      >
        <ValuesInput
          id={`${id}-acr`}
          isDisabled={isDisabled}
          isInvalid={!!acrError}
          values={value?.acrValues ?? []}
          onChange={(acrValues) => {
            problems.touch(`${field}.acrValues`);
            onChange({ ...value, acrValues });
          }}
        />
      </Field>
      <Field label={t("xaaMaxAge")} fieldId={`${id}-max-age`} help={t("xaaMaxAgeHelp")} error={problems.error(`${field}.maxAgeSeconds`)}>
        <TextInput
          id={`${id}-max-age`}
          type="number"
          isDisabled={isDisabled}
          validated={validated(problems.error(`${field}.maxAgeSeconds`))}
          value={value?.maxAgeSeconds ?? ""}
          onChange={(_, text) => {
            problems.touch(`${field}.maxAgeSeconds`);
            onChange({ ...value, maxAgeSeconds: number(text) });
          }}
        />
      </Field>
    </>
  );
};

/**
 * The app's on/off settings in the form's order: each a switch under its label and help (the label's key + "Help"),
 * saying its state in words.
 */
type SwitchSetting = { field: "includeEmail" | "allowRefreshTokenSubject" | "allowOfflineTokenSubject"; fieldId: string; label: string; on: string; off: string };
const SWITCHES: SwitchSetting[] = [
  { field: "includeEmail", fieldId: "xaa-include-email", label: "xaaIncludeEmail", on: "xaaIncluded", off: "xaaNotIncluded" },
  { field: "allowRefreshTokenSubject", fieldId: "xaa-allow-refresh-token-subject", label: "xaaAllowRefreshTokenSubject", on: "xaaAccepted", off: "xaaNotAccepted" },
  { field: "allowOfflineTokenSubject", fieldId: "xaa-allow-offline-token-subject", label: "xaaAllowOfflineTokenSubject", on: "xaaAccepted", off: "xaaNotAccepted" },
];

export default function ResourceAppPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { realm, realmRepresentation } = useRealm();
  const api = useXaaApi();
  const alerts = useAlerts();
  const navigate = useNavigate();
  const readOnly = !useRights().manageResourceApps;
  const isNew = id === "new";
  const [app, setApp] = useState<ResourceApp>(NEW_APP);
  const [stored, setStored] = useState<ResourceApp>();
  const [newScope, setNewScope] = useState("");
  const { value: loaded } = useLoad(async () => (isNew ? NEW_APP : api.get<ResourceApp>(`resource-apps/${id}`)), [api, id]);
  useEffect(() => {
    if (!loaded) return;
    setApp({ ...NEW_APP, ...loaded });
    setStored(isNew ? undefined : loaded);
  }, [loaded, isNew]);
  const acrLoaMap = parseAcrLoaMap(realmRepresentation?.attributes?.["acr.loa.map"]);

  const scopeStepUps = Object.entries(app.scopeStepUp ?? {});
  const problems = useFormProblems(
    {
      name: textProblem(app.name),
      audience: audienceProblem(app.audience),
      resources: firstProblem(app.resources, serverUriProblem),
      scopes: firstProblem(app.scopes, scopeProblem),
      idJagLifetimeSeconds: rangeProblem(app.idJagLifetimeSeconds, 1, MAX_LIFETIME_SECONDS) ?? (Number.isNaN(app.idJagLifetimeSeconds) ? { code: "required" } : undefined),
      ...stepUpProblems("stepUp", app.stepUp, acrLoaMap, false),
      ...Object.assign(
        {},
        ...scopeStepUps.map(([scope, stepUp]) => ({
          ...stepUpProblems(`scopeStepUp.${scope}`, stepUp, acrLoaMap, true),
          [`scopeStepUp.${scope}`]: app.scopes.includes(scope) ? undefined : { code: "notOffered", params: { value: scope, resourceApp: app.name } },
        })),
      ),
    },
    [
      "name", "audience", "resources", "scopes", "idJagLifetimeSeconds", "stepUp.acrValues", "stepUp.maxAgeSeconds",
      ...scopeStepUps.flatMap(([scope]) => [`scopeStepUp.${scope}`, `scopeStepUp.${scope}.acrValues`, `scopeStepUp.${scope}.maxAgeSeconds`]),
    ],
  );
  const set = (field: string, changes: Partial<ResourceApp>) => {
    problems.touch(field);
    setApp({ ...app, ...changes });
  };
  const setScopeStepUp = (scope: string, stepUp: StepUp | undefined) => {
    const next = { ...app.scopeStepUp };
    if (stepUp) next[scope] = stepUp;
    else delete next[scope];
    set(`scopeStepUp.${scope}`, { scopeStepUp: next });
  };

  const save = async () => {
    if (!problems.ready()) return;
    const body = { ...app, stepUp: stepUpOrNull(app.stepUp) };
    try {
      if (isNew) {
        const created = await api.post<ResourceApp>("resource-apps", body);
        navigate(paths.resourceApp(realm, created.id));
      } else {
        const saved = await api.put<ResourceApp>(`resource-apps/${id}`, body);
        setApp({ ...NEW_APP, ...saved });
        setStored(saved);
      }
      alerts.success(t("xaaResourceAppSaved"));
    } catch (error) {
      if (!problems.refused(error)) alerts.error(error);
    }
  };

  const named = { name: stored?.name };
  const { items, ConfirmDialog } = useDetailActions({
    path: `resource-apps/${id}`,
    stored,
    allowed: { disable: !readOnly, enable: !readOnly, delete: !readOnly },
    texts: {
      disable: { title: t("xaaDisableResourceAppTitle"), message: t("xaaDisableResourceAppMessage", named), done: t("xaaResourceAppDisabled") },
      enable: { title: t("xaaEnableResourceAppTitle"), message: t("xaaEnableResourceAppMessage", named), done: t("xaaResourceAppEnabled") },
      delete: { title: t("xaaDeleteResourceAppTitle"), message: t("xaaDeleteResourceAppMessage", named), done: t("xaaResourceAppDeleted") },
    },
    onSaved: (saved) => {
      setStored(saved);
      setApp({ ...app, enabled: saved.enabled });
    },
    onDeleted: () => navigate(paths.resourceApps(realm)),
  });

  const addableScopes = app.scopes.filter((scope) => !(scope in (app.scopeStepUp ?? {})));
  return (
    <>
      <ConfirmDialog />
      <DetailHeader
        list={{ title: t("xaaResourceApps"), to: paths.resourceApps(realm) }}
        title={isNew ? t("xaaCreateResourceApp") : stored?.name ?? ""}
        help={t("xaaResourceAppsHelp")}
        actions={isNew ? undefined : items}
      />
      <PageSection variant="light">
        {readOnly && <Alert variant="info" isInline title={t("xaaReadOnly")} data-testid="xaa-read-only" />}
        {problems.formError && <Alert variant="danger" isInline title={problems.formError} data-testid="xaa-form-error" />}
        <Form isHorizontal onSubmit={(event) => event.preventDefault()} data-testid="xaa-resource-app-form">
          <Field label={t("xaaName")} fieldId="xaa-name" isRequired error={problems.error("name")}>
            <TextInput
              id="xaa-name"
              isRequired
              isDisabled={readOnly}
              validated={validated(problems.error("name"))}
              value={app.name}
              onChange={(_, name) => set("name", { name })}
            />
          </Field>
          <Field label={t("xaaAudience")} fieldId="xaa-audience" help={t("xaaAudienceHelp")} isRequired error={problems.error("audience")}>
            <TextInput
              id="xaa-audience"
              isRequired
              isDisabled={readOnly}
              validated={validated(problems.error("audience"))}
              value={app.audience}
              onChange={(_, audience) => set("audience", { audience })}
            />
          </Field>
          <Field label={t("xaaResources")} fieldId="xaa-resources" help={t("xaaResourcesHelp")} error={problems.error("resources")}>
            <ValuesInput
              id="xaa-resources"
              isDisabled={readOnly}
              isInvalid={!!problems.error("resources")}
              values={app.resources}
              onChange={(resources) => set("resources", { resources })}
            />
          </Field>
          <Field label={t("xaaScopes")} fieldId="xaa-scopes" help={t("xaaScopesHelp")} error={problems.error("scopes")}>
            <ValuesInput
              id="xaa-scopes"
              isDisabled={readOnly}
              isInvalid={!!problems.error("scopes")}
              values={app.scopes}
              onChange={(scopes) => set("scopes", { scopes })}
            />
          </Field>
          <Field label={t("xaaLifetime")} fieldId="xaa-lifetime" help={t("xaaLifetimeHelp")} isRequired error={problems.error("idJagLifetimeSeconds")}>
            <TextInput
              id="xaa-lifetime"
              type="number"
              isDisabled={readOnly}
              validated={validated(problems.error("idJagLifetimeSeconds"))}
              value={Number.isNaN(app.idJagLifetimeSeconds) ? "" : app.idJagLifetimeSeconds}
              onChange={(_, text) => set("idJagLifetimeSeconds", { idJagLifetimeSeconds: text.trim() === "" ? NaN : Number(text) })}
            />
          </Field>
          {SWITCHES.map(({ field, fieldId, label, on, off }) => (
            <Field key={field} label={t(label)} fieldId={fieldId} help={t(`${label}Help`)}>
              <Switch
                id={fieldId}
                label={t(on)}
                labelOff={t(off)}
                isDisabled={readOnly}
                isChecked={app[field]}
                onChange={(_, checked) => set(field, { [field]: checked })}
              />
            </Field>
          ))}
          <FormSection title={t("xaaStepUp")}>
            <StepUpFields
              id="xaa-step-up"
              field="stepUp"
              isDisabled={readOnly}
              value={app.stepUp}
              problems={problems}
              acrLoaMap={acrLoaMap}
              onChange={(stepUp) => setApp({ ...app, stepUp })}
            />
          </FormSection>
          <FormSection title={t("xaaScopeStepUp")}>
            {scopeStepUps.map(([scope, stepUp]) => (
              <FormSection key={scope} title={scope} titleElement="h3">
                <StepUpFields
                  id={`xaa-step-up-${scope}`}
                  field={`scopeStepUp.${scope}`}
                  isDisabled={readOnly}
                  value={stepUp}
                  problems={problems}
                  acrLoaMap={acrLoaMap}
                  onChange={(next) => setScopeStepUp(scope, next)}
                />
                {!readOnly && (
                  <Button variant="link" isInline onClick={() => setScopeStepUp(scope, undefined)}>
                    {t("xaaRemove")}
                  </Button>
                )}
              </FormSection>
            ))}
            {!readOnly && (
              <Field label={t("xaaScopeStepUpScope")} fieldId="xaa-scope-step-up-scope" help={t("xaaScopeStepUpHelp")}>
                <Split hasGutter>
                  <SplitItem isFilled>
                    <FormSelect id="xaa-scope-step-up-scope" value={newScope} onChange={(_, scope) => setNewScope(scope)}>
                      <FormSelectOption value="" label={addableScopes.length ? t("xaaSelectScope") : t("xaaNoScopeToAdd")} isPlaceholder />
                      {addableScopes.map((scope) => (
                        <FormSelectOption key={scope} value={scope} label={scope} />
                      ))}
                    </FormSelect>
                  </SplitItem>
                  <SplitItem>
                    <Button
                      variant="secondary"
                      data-testid="xaa-add-scope-step-up"
                      isDisabled={!addableScopes.includes(newScope)}
                      onClick={() => {
                        setScopeStepUp(newScope, { acrValues: [] });
                        setNewScope("");
                      }}
                    >
                      {t("xaaAddScopeStepUp")}
                    </Button>
                  </SplitItem>
                </Split>
              </Field>
            )}
          </FormSection>
          <FormActions isNew={isNew} readOnly={readOnly} onSave={save} onCancel={() => navigate(paths.resourceApps(realm))} />
        </Form>
      </PageSection>
    </>
  );
}
