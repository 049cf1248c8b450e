import { useRealm, ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormSelect,
  FormSelectOption,
  List,
  ListItem,
  PageSection,
  TextInput,
} from "@patternfly/react-core";
import { ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { EvaluationResult, SubjectKind } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "../components/Alerts";
import { useCodeNames } from "../components/codeNames";
import { DetailList } from "../components/DetailList";
import { Field } from "../components/Field";
import { usePickers } from "../components/pickers";
import { SearchSelect } from "../components/SearchSelect";
import { useResourceApps } from "../components/useResourceApps";
import { ValuesInput } from "../components/ValuesInput";
import { paths } from "../paths";

const VARIANTS = { ISSUE: "success", REFUSE: "danger", STEP_UP: "warning" } as const;
const SUBJECT_KINDS: SubjectKind[] = ["id_token", "refresh_token", "offline_token"];

/** The connection that decided, as "client → resource app", linked to its page. */
const ConnectionName = ({ result }: { result: EvaluationResult }) => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  if (!result.connectionId) return <>{t("xaaSimulatorNoConnection")}</>;
  return (
    <Link to={paths.connection(realm, result.connectionId)} data-testid="xaa-decision-connection">
      {t("xaaConnectionName", { client: result.clientId, app: result.resourceAppName })}
    </Link>
  );
};

/** The decision with what would be granted, or the rule that refused and why. */
const Decision = ({ result }: { result: EvaluationResult }) => {
  const { t } = useTranslation();
  const names = useCodeNames();
  const dropped = result.droppedScopes ?? [];
  const rows: [string, ReactNode][] = [
    [t("xaaRule"), names.rule(result.rule)],
    [t("xaaOauthError"), result.error && t("xaaOauthErrorSent", { words: names.oauthError(result.error), code: result.error })],
    [t("xaaReason"), result.reason],
    [t("xaaResourceApp"), result.resourceAppName],
    [t("xaaConnection"), <ConnectionName key="connection" result={result} />],
    [t("xaaClientIdAtResourceApp"), result.clientIdAtResourceApp],
    [t("xaaGrantedScopes"), result.grantedScopes?.join(" ")],
    [
      t("xaaDroppedScopes"),
      dropped.length > 0 && (
        <List isPlain data-testid="xaa-dropped-scopes">
          {dropped.map(({ scope, reason }) => (
            <ListItem key={scope}>{t("xaaDroppedScope", { scope, reason: names.dropReason(reason) })}</ListItem>
          ))}
        </List>
      ),
    ],
    [t("xaaGrantedResources"), result.grantedResources?.join(" ")],
    [t("xaaLifetimeShort"), result.lifetimeSeconds === undefined ? undefined : `${result.lifetimeSeconds} s`],
    [t("xaaAcrValues"), result.acrValues],
    [t("xaaMaxAge"), result.maxAge === undefined ? undefined : `${result.maxAge} s`],
  ];
  return (
    <Alert variant={VARIANTS[result.decision]} isInline title={t(`xaaDecision${result.decision}`)} data-testid="xaa-decision">
      <DetailList rows={rows.filter(([, value]) => value !== undefined && value !== "" && value !== false)} />
    </Alert>
  );
};

export default function SimulatorPage() {
  const { t } = useTranslation();
  const api = useXaaApi();
  const alerts = useAlerts();
  const pickers = usePickers();
  const names = useCodeNames();
  const { apps } = useResourceApps();
  const [clientId, setClientId] = useState("");
  const [username, setUsername] = useState("");
  const [audience, setAudience] = useState("");
  const [resources, setResources] = useState<string[]>([]);
  const [scopes, setScopes] = useState<string[]>([]);
  const [subjectKind, setSubjectKind] = useState<SubjectKind>("id_token");
  const [acr, setAcr] = useState("");
  const [authAge, setAuthAge] = useState("");
  const [result, setResult] = useState<EvaluationResult>();

  const evaluate = async () => {
    setResult(undefined);
    try {
      setResult(
        await api.post<EvaluationResult>("evaluate", {
          clientId,
          username,
          audience,
          resources,
          // No scope picked is a request without a scope parameter, not a request for no scope.
          scopes: scopes.length ? scopes : undefined,
          subjectKind,
          acr: acr || undefined,
          authAgeSeconds: authAge === "" ? undefined : Number(authAge),
        }),
      );
    } catch (error) {
      alerts.error(error);
    }
  };

  return (
    <>
      <ViewHeader titleKey={t("xaaSimulator")} subKey={t("xaaSimulatorHelp")} />
      <PageSection variant="light">
        <Form isHorizontal onSubmit={(event) => event.preventDefault()} data-testid="xaa-simulator-form">
          <Field label={t("xaaClient")} fieldId="xaa-sim-client-input" isRequired>
            <SearchSelect id="xaa-sim-client" value={clientId} placeholder={t("xaaSelectClient")} search={pickers.clients} onSelect={setClientId} />
          </Field>
          <Field label={t("xaaUser")} fieldId="xaa-sim-user-input" isRequired>
            <SearchSelect id="xaa-sim-user" value={username} placeholder={t("xaaSelectUser")} search={pickers.users} onSelect={setUsername} />
          </Field>
          <Field label={t("xaaAudience")} fieldId="xaa-sim-audience" isRequired>
            <FormSelect id="xaa-sim-audience" value={audience} onChange={(_, value) => setAudience(value)}>
              <FormSelectOption value="" label={t("xaaSelectResourceApp")} isPlaceholder />
              {apps.map((app) => (
                <FormSelectOption key={app.id} value={app.audience} label={`${app.name} (${app.audience})`} />
              ))}
            </FormSelect>
          </Field>
          <Field label={t("xaaResources")} fieldId="xaa-sim-resources" help={t("xaaRequestedResourcesHelp")}>
            <ValuesInput id="xaa-sim-resources" values={resources} onChange={setResources} />
          </Field>
          <Field label={t("xaaScopes")} fieldId="xaa-sim-scopes" help={t("xaaRequestedScopesHelp")}>
            <ValuesInput id="xaa-sim-scopes" values={scopes} onChange={setScopes} />
          </Field>
          <Field label={t("xaaSubjectToken")} fieldId="xaa-sim-subject-kind" help={t("xaaSubjectTokenHelp")}>
            <FormSelect id="xaa-sim-subject-kind" value={subjectKind} onChange={(_, value) => setSubjectKind(value as SubjectKind)}>
              {SUBJECT_KINDS.map((kind) => (
                <FormSelectOption key={kind} value={kind} label={names.subjectKind(kind)} />
              ))}
            </FormSelect>
          </Field>
          <Field label={t("xaaAcr")} fieldId="xaa-sim-acr" help={t("xaaAcrHelp")}>
            <TextInput id="xaa-sim-acr" value={acr} onChange={(_, value) => setAcr(value)} />
          </Field>
          <Field label={t("xaaAuthAge")} fieldId="xaa-sim-auth-age" help={t("xaaAuthAgeHelp")}>
            <TextInput id="xaa-sim-auth-age" type="number" value={authAge} onChange={(_, value) => setAuthAge(value)} />
          </Field>
          <ActionGroup>
            <Button data-testid="xaa-evaluate" isDisabled={!clientId || !username || !audience} onClick={evaluate}>
              {t("xaaEvaluate")}
            </Button>
          </ActionGroup>
        </Form>
        {result && <Decision result={result} />}
      </PageSection>
    </>
  );
}
