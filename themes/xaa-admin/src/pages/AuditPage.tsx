import {
  Button,
  CodeBlock,
  CodeBlockCode,
  FormSelect,
  FormSelectOption,
  Label,
  TextInput,
  ToolbarItem,
} from "@patternfly/react-core";
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditRecord, Query } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "../components/Alerts";
import { Empty } from "../components/Empty";
import { ListPage } from "../components/ListPage";
import { PagedToolbar } from "../components/PagedToolbar";
import { usePickers } from "../components/pickers";
import { SearchSelect } from "../components/SearchSelect";
import { formatTime, fromLocalInput } from "../components/time";
import { usePagedList } from "../components/usePagedList";
import { useResourceApps } from "../components/useResourceApps";

const TYPES = ["ID_JAG_ISSUED", "EXCHANGE_REFUSED", "STEP_UP_REQUIRED", "REVOCATION", "CONFIG_CHANGED"];
const OUTCOMES = ["SUCCESS", "FAILURE"];

type Filters = { clientId: string; username: string; resourceAppId: string; outcome: string; type: string; jti: string; from: string; to: string };
const NO_FILTERS: Filters = { clientId: "", username: "", resourceAppId: "", outcome: "", type: "", jti: "", from: "", to: "" };

/** One record in full: every field the API returned, as JSON. */
const RecordDetails = ({ record }: { record: AuditRecord }) => (
  <CodeBlock>
    <CodeBlockCode>{JSON.stringify(record, null, 2)}</CodeBlockCode>
  </CodeBlock>
);

export default function AuditPage() {
  const { t } = useTranslation();
  const api = useXaaApi();
  const alerts = useAlerts();
  const pickers = usePickers();
  const { apps, name } = useResourceApps();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [query, setQuery] = useState<Query>({});
  const [expanded, setExpanded] = useState<string>();
  const { page, setPage, items: records, count } = usePagedList<AuditRecord>("audit", query, [query], 20);

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
    <ToolbarItem>
      <FormSelect id={id} aria-label={label} value={value} onChange={(_, chosen) => onChange(chosen)}>
        <FormSelectOption value="" label={`${label}: ${t("xaaAny")}`} />
        {options.map(([optionValue, optionLabel]) => (
          <FormSelectOption key={optionValue} value={optionValue} label={optionLabel} />
        ))}
      </FormSelect>
    </ToolbarItem>
  );

  return (
    <ListPage title={t("xaaAudit")} help={t("xaaAuditHelp")}>
      <PagedToolbar id="xaa-audit" page={page} count={count} onPage={setPage}>
        <ToolbarItem style={{ minWidth: "12rem" }}>
          <SearchSelect id="xaa-audit-client" value={draft.clientId} placeholder={t("xaaAllClients")} search={pickers.clients} onSelect={(clientId) => set({ clientId })} />
        </ToolbarItem>
        <ToolbarItem style={{ minWidth: "12rem" }}>
          <SearchSelect id="xaa-audit-user" value={draft.username} placeholder={t("xaaSelectUser")} search={pickers.users} onSelect={(username) => set({ username })} />
        </ToolbarItem>
        {select("xaa-audit-app", t("xaaResourceApp"), draft.resourceAppId, apps.map((app) => [app.id!, app.name]), (resourceAppId) => set({ resourceAppId }))}
        {select("xaa-audit-outcome", t("xaaOutcome"), draft.outcome, OUTCOMES.map((o) => [o, o]), (outcome) => set({ outcome }))}
        {select("xaa-audit-type", t("xaaType"), draft.type, TYPES.map((type) => [type, type]), (type) => set({ type }))}
        <ToolbarItem>
          <TextInput id="xaa-audit-jti" aria-label={t("xaaJti")} placeholder={t("xaaJti")} value={draft.jti} onChange={(_, jti) => set({ jti })} />
        </ToolbarItem>
        <ToolbarItem>
          <TextInput id="xaa-audit-from" type="datetime-local" aria-label={t("xaaFrom")} value={draft.from} onChange={(_, from) => set({ from })} />
        </ToolbarItem>
        <ToolbarItem>
          <TextInput id="xaa-audit-to" type="datetime-local" aria-label={t("xaaTo")} value={draft.to} onChange={(_, to) => set({ to })} />
        </ToolbarItem>
        <ToolbarItem>
          <Button data-testid="xaa-audit-search" onClick={apply}>
            {t("xaaSearch")}
          </Button>
        </ToolbarItem>
        <ToolbarItem>
          <Button variant="link" onClick={exportLines}>
            {t("xaaExportJsonLines")}
          </Button>
        </ToolbarItem>
      </PagedToolbar>
      {records && records.length === 0 ? (
        <Empty title={t("xaaNoAuditRecords")} body={t("xaaNoAuditRecordsInstructions")} />
      ) : (
        <Table aria-label={t("xaaAudit")} variant="compact" data-testid="xaa-audit-table">
          <Thead>
            <Tr>
              <Th screenReaderText={t("xaaDetails")} />
              <Th>{t("xaaTime")}</Th>
              <Th>{t("xaaType")}</Th>
              <Th>{t("xaaOutcome")}</Th>
              <Th>{t("xaaClient")}</Th>
              <Th>{t("xaaUser")}</Th>
              <Th>{t("xaaResourceApp")}</Th>
              <Th>{t("xaaScopes")}</Th>
              <Th>{t("xaaReason")}</Th>
            </Tr>
          </Thead>
          {records?.map((record, index) => (
            <Tbody key={record.id} isExpanded={expanded === record.id}>
              <Tr>
                <Td expand={{ rowIndex: index, isExpanded: expanded === record.id, onToggle: () => setExpanded(expanded === record.id ? undefined : record.id) }} />
                <Td dataLabel={t("xaaTime")}>{formatTime(record.time)}</Td>
                <Td dataLabel={t("xaaType")}>{record.type}</Td>
                <Td dataLabel={t("xaaOutcome")}>
                  <Label color={record.outcome === "SUCCESS" ? "green" : "red"}>{record.outcome}</Label>
                </Td>
                <Td dataLabel={t("xaaClient")}>{record.clientId}</Td>
                <Td dataLabel={t("xaaUser")}>{record.username ?? record.userId}</Td>
                <Td dataLabel={t("xaaResourceApp")}>{record.resourceAppId ? name(record.resourceAppId) : record.audience}</Td>
                <Td dataLabel={t("xaaScopes")}>{record.scopeGranted ?? record.scopeRequested}</Td>
                <Td dataLabel={t("xaaReason")}>{[record.operation, record.resourceType, record.error, record.reason].filter(Boolean).join(" · ")}</Td>
              </Tr>
              <Tr isExpanded={expanded === record.id}>
                <Td colSpan={9}>
                  <ExpandableRowContent>{expanded === record.id && <RecordDetails record={record} />}</ExpandableRowContent>
                </Td>
              </Tr>
            </Tbody>
          ))}
        </Table>
      )}
    </ListPage>
  );
}
