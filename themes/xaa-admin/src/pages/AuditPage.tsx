import {
  Button,
  CodeBlock,
  CodeBlockCode,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  TextInput,
  ToolbarItem,
} from "@patternfly/react-core";
import { ExpandableRowContent, InnerScrollContainer, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditRecord, Query } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "../components/Alerts";
import { useCodeNames } from "../components/codeNames";
import { DetailList } from "../components/DetailList";
import { Empty } from "../components/Empty";
import { LabelledFilter } from "../components/LabelledFilter";
import { ListPage } from "../components/ListPage";
import { PagedToolbar } from "../components/PagedToolbar";
import { usePickers } from "../components/pickers";
import { SearchSelect } from "../components/SearchSelect";
import { formatTime, fromLocalInput, timeZone } from "../components/time";
import { usePagedList } from "../components/usePagedList";
import { useResourceApps } from "../components/useResourceApps";

const TYPES = ["ID_JAG_ISSUED", "EXCHANGE_REFUSED", "STEP_UP_REQUIRED", "REVOCATION", "CONFIG_CHANGED"];
const OUTCOMES = ["SUCCESS", "FAILURE"];

type Filters = { clientId: string; username: string; resourceAppId: string; outcome: string; type: string; jti: string; from: string; to: string };
const NO_FILTERS: Filters = { clientId: "", username: "", resourceAppId: "", outcome: "", type: "", jti: "", from: "", to: "" };

/** One record in full: what the client presented as the user's proof in words, then every field the API returned, as JSON. */
const RecordDetails = ({ record }: { record: AuditRecord }) => {
  const { t } = useTranslation();
  const names = useCodeNames();
  return (
    <>
      {record.subjectKind && <DetailList rows={[[t("xaaSubjectToken"), <span data-testid="xaa-audit-subject-kind">{names.subjectKind(record.subjectKind)}</span>]]} />}
      <CodeBlock>
        <CodeBlockCode style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{JSON.stringify(record, null, 2)}</CodeBlockCode>
      </CodeBlock>
    </>
  );
};

/** What happened, in words: the change and what it changed, or the rule that refused and its error. */
const RecordSummary = ({ record }: { record: AuditRecord }) => {
  const { t } = useTranslation();
  const names = useCodeNames();
  const change = record.operation && t("xaaAuditChange", { what: names.resourceType(record.resourceType), how: names.operation(record.operation) });
  const rule = record.rule && `${names.rule(record.rule)}${record.reason ? `: ${record.reason}` : ""}`;
  const lines = [change, rule ?? record.reason, record.error && names.oauthError(record.error)].filter(Boolean);
  return (
    <>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </>
  );
};

/** The stock console keeps every table cell on one line (white-space: nowrap): ours wrap between words... */
const WRAPS = { style: { whiteSpace: "normal" } } as const;
/** ...and ids and URLs, which have no spaces, anywhere. */
const BREAKS = { ...WRAPS, modifier: "breakWord" } as const;

/** datetime-local values compare as text: same length, most significant first. */
const isBefore = (to: string, from: string) => !!to && !!from && to < from;

export default function AuditPage() {
  const { t } = useTranslation();
  const api = useXaaApi();
  const alerts = useAlerts();
  const pickers = usePickers();
  const { apps, name } = useResourceApps();
  const names = useCodeNames();
  const zone = timeZone();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [query, setQuery] = useState<Query>({});
  const [expanded, setExpanded] = useState<string>();
  const { page, setPage, items: records, count } = usePagedList<AuditRecord>("audit", query, [query], 20);

  const toBeforeFrom = isBefore(draft.to, draft.from);

  const apply = async () => {
    try {
      const userId = draft.username ? (await pickers.userId(draft.username)) ?? draft.username : undefined;
      setQuery({
        clientId: draft.clientId,
        userId,
        resourceAppId: draft.resourceAppId,
        outcome: draft.outcome,
        type: draft.type,
        jti: draft.jti.trim(),
        from: fromLocalInput(draft.from) ?? undefined,
        to: fromLocalInput(draft.to) ?? undefined,
      });
      setPage({ ...page, first: 0 });
    } catch (error) {
      alerts.error(error);
    }
  };

  // A download through the console's token: a plain link would reach the API without one.
  const exportLines = async () => {
    try {
      const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
      const response = await fetch(`${api.base}/audit/export?${params}`, { headers: { Authorization: `Bearer ${await api.token()}` } });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = `xaa-audit-${api.realm}.jsonl`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      alerts.error(error);
    }
  };

  const set = (changes: Partial<Filters>) => setDraft({ ...draft, ...changes });
  const select = (id: string, label: string, value: string, options: [string, string][], onChange: (value: string) => void) => (
    <LabelledFilter label={label} fieldId={id}>
      <FormSelect id={id} value={value} onChange={(_, chosen) => onChange(chosen)}>
        <FormSelectOption value="" label={t("xaaAny")} />
        {options.map(([optionValue, optionLabel]) => (
          <FormSelectOption key={optionValue} value={optionValue} label={optionLabel} />
        ))}
      </FormSelect>
    </LabelledFilter>
  );

  return (
    <ListPage title={t("xaaAudit")} help={t("xaaAuditHelp")}>
      <PagedToolbar id="xaa-audit" page={page} count={count} onPage={setPage}>
        <LabelledFilter label={t("xaaClient")} fieldId="xaa-audit-client-input" minWidth="12rem">
          <SearchSelect id="xaa-audit-client" value={draft.clientId} placeholder={t("xaaAllClients")} search={pickers.clients} onSelect={(clientId) => set({ clientId })} />
        </LabelledFilter>
        <LabelledFilter label={t("xaaUser")} fieldId="xaa-audit-user-input" minWidth="12rem">
          <SearchSelect id="xaa-audit-user" value={draft.username} placeholder={t("xaaSelectUser")} search={pickers.users} onSelect={(username) => set({ username })} />
        </LabelledFilter>
        {select("xaa-audit-app", t("xaaResourceApp"), draft.resourceAppId, apps.map((app) => [app.id!, app.name]), (resourceAppId) => set({ resourceAppId }))}
        {select("xaa-audit-outcome", t("xaaOutcome"), draft.outcome, OUTCOMES.map((o) => [o, names.outcome(o)]), (outcome) => set({ outcome }))}
        {select("xaa-audit-type", t("xaaType"), draft.type, TYPES.map((type) => [type, names.recordType(type)]), (type) => set({ type }))}
        <LabelledFilter label={t("xaaJti")} fieldId="xaa-audit-jti">
          <TextInput id="xaa-audit-jti" value={draft.jti} onChange={(_, jti) => set({ jti })} />
        </LabelledFilter>
        <LabelledFilter label={t("xaaFrom", { zone })} fieldId="xaa-audit-from">
          <TextInput id="xaa-audit-from" type="datetime-local" value={draft.from} onChange={(_, from) => set({ from })} />
        </LabelledFilter>
        <LabelledFilter
          label={t("xaaTo", { zone })}
          fieldId="xaa-audit-to"
          error={
            toBeforeFrom && (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant="error" id="xaa-audit-to-error" data-testid="xaa-audit-to-error">
                    {t("xaaToBeforeFrom")}
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            )
          }
        >
          <TextInput
            id="xaa-audit-to"
            type="datetime-local"
            value={draft.to}
            validated={toBeforeFrom ? "error" : "default"}
            aria-describedby={toBeforeFrom ? "xaa-audit-to-error" : undefined}
            onChange={(_, to) => set({ to })}
          />
        </LabelledFilter>
        <ToolbarItem alignSelf="center">
          <Button data-testid="xaa-audit-search" isDisabled={toBeforeFrom} onClick={apply}>
            {t("xaaSearch")}
          </Button>
        </ToolbarItem>
        <ToolbarItem alignSelf="center">
          <Button variant="link" onClick={exportLines}>
            {t("xaaExportJsonLines")}
          </Button>
        </ToolbarItem>
      </PagedToolbar>
      {records && records.length === 0 ? (
        <Empty title={t("xaaNoAuditRecords")} body={t("xaaNoAuditRecordsInstructions")} />
      ) : (
        // Narrow windows scroll the table sideways rather than clip it; headers wrap instead of truncating.
        <InnerScrollContainer>
          <Table aria-label={t("xaaAudit")} variant="compact" data-testid="xaa-audit-table">
            <Thead>
              <Tr>
                <Th screenReaderText={t("xaaDetails")} />
                <Th modifier="wrap">{t("xaaTimeIn", { zone })}</Th>
                <Th modifier="wrap">{t("xaaType")}</Th>
                <Th modifier="wrap">{t("xaaOutcome")}</Th>
                <Th modifier="wrap">{t("xaaClient")}</Th>
                <Th modifier="wrap">{t("xaaUser")}</Th>
                <Th modifier="wrap">{t("xaaResourceApp")}</Th>
                <Th modifier="wrap">{t("xaaScopes")}</Th>
                <Th modifier="wrap">{t("xaaSubjectToken")}</Th>
                <Th modifier="wrap">{t("xaaWhatHappened")}</Th>
              </Tr>
            </Thead>
            {records?.map((record, index) => (
              <Tbody key={record.id} isExpanded={expanded === record.id}>
                <Tr data-testid={`xaa-audit-row-${record.type}`}>
                  <Td expand={{ rowIndex: index, isExpanded: expanded === record.id, onToggle: () => setExpanded(expanded === record.id ? undefined : record.id) }} />
                  <Td dataLabel={t("xaaTime")} {...WRAPS}>{formatTime(record.time)}</Td>
                  <Td dataLabel={t("xaaType")} {...WRAPS}>{names.recordType(record.type)}</Td>
                  <Td dataLabel={t("xaaOutcome")} {...WRAPS}>
                    <Label color={record.outcome === "SUCCESS" ? "green" : "red"}>{names.outcome(record.outcome)}</Label>
                  </Td>
                  <Td dataLabel={t("xaaClient")} {...BREAKS}>{record.clientId}</Td>
                  <Td dataLabel={t("xaaUser")} {...BREAKS}>{record.username ?? record.userId}</Td>
                  <Td dataLabel={t("xaaResourceApp")} {...BREAKS}>
                    {record.resourceAppId ? name(record.resourceAppId) : record.audience}
                  </Td>
                  <Td dataLabel={t("xaaScopes")} {...WRAPS}>{record.scopeGranted ?? record.scopeRequested}</Td>
                  <Td dataLabel={t("xaaSubjectToken")} {...WRAPS}>{names.subjectKind(record.subjectKind)}</Td>
                  <Td dataLabel={t("xaaWhatHappened")} {...WRAPS}>
                    <RecordSummary record={record} />
                  </Td>
                </Tr>
                <Tr isExpanded={expanded === record.id}>
                  <Td colSpan={10}>
                    <ExpandableRowContent>{expanded === record.id && <RecordDetails record={record} />}</ExpandableRowContent>
                  </Td>
                </Tr>
              </Tbody>
            ))}
          </Table>
        </InnerScrollContainer>
      )}
    </ListPage>
  );
}
