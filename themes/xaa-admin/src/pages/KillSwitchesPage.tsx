import { ViewHeader } from "@keycloak/keycloak-admin-ui";
import {
  ActionGroup,
  Alert,
  Button,
  ButtonVariant,
  Form,
  Label,
  Modal,
  ModalVariant,
  PageSection,
  Text,
  TextArea,
  TextContent,
  Title,
  ToolbarItem,
} from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Issuance, UserBlock } from "../api/types";
import { ApiError, useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "../components/Alerts";
import { DetailList } from "../components/DetailList";
import { Empty } from "../components/Empty";
import { Field, validated } from "../components/Field";
import { Page, PagedToolbar } from "../components/PagedToolbar";
import { usePickers } from "../components/pickers";
import { reasonProblem, required } from "../components/rules";
import { SearchSelect } from "../components/SearchSelect";
import { formatZonedTime } from "../components/time";
import { useConfirmation } from "../components/useConfirmation";
import { FormProblems, useFormProblems } from "../components/useFormProblems";
import { useLoad } from "../components/useLoad";
import { useRights } from "../components/useRights";

const BLOCKS_PER_PAGE = 10;

type ReasonProps = { id: string; label: string; help: string; value: string; onChange: (value: string) => void; problems: FormProblems };

/** Why a switch is flipped: required here, kept with the switch and in the audit trail. */
const ReasonField = ({ id, label, help, value, onChange, problems }: ReasonProps) => (
  <Field label={label} fieldId={id} help={help} isRequired error={problems.error("reason")}>
    <TextArea
      id={id}
      validated={validated(problems.error("reason"))}
      value={value}
      onChange={(_, changed) => {
        onChange(changed);
        problems.touch("reason");
      }}
    />
  </Field>
);

/** The reason and the one button that flips the switch; remounted after each change, so it starts empty. */
const IssuanceForm = ({ stopped, onChanged }: { stopped: boolean; onChanged: () => void }) => {
  const { t } = useTranslation();
  const api = useXaaApi();
  const [reason, setReason] = useState("");
  const problems = useFormProblems({ reason: reasonProblem(reason) }, ["reason"]);
  const { ask, ConfirmDialog } = useConfirmation();

  const flip = () => {
    if (!problems.ready()) return;
    ask({
      title: stopped ? t("xaaResumeIssuanceTitle") : t("xaaStopIssuanceTitle"),
      message: stopped ? t("xaaResumeIssuanceMessage") : t("xaaStopIssuanceMessage"),
      button: stopped ? t("xaaResumeIssuance") : t("xaaStopIssuance"),
      variant: stopped ? ButtonVariant.primary : ButtonVariant.danger,
      done: stopped ? t("xaaIssuanceWasResumed") : t("xaaIssuanceWasStopped"),
      run: async () => {
        await api.put("issuance", { stopped: !stopped, reason });
        onChanged();
      },
    });
  };

  return (
    <>
      <ConfirmDialog />
      <Form isHorizontal className="pf-v5-u-mt-lg" onSubmit={(event) => event.preventDefault()} data-testid="xaa-issuance-form">
        <ReasonField
          label={stopped ? t("xaaResumeReason") : t("xaaStopReason")}
          id="xaa-issuance-reason"
          help={stopped ? t("xaaResumeReasonHelp") : t("xaaStopReasonHelp")}
          value={reason}
          onChange={setReason}
          problems={problems}
        />
        <ActionGroup>
          <Button variant={stopped ? ButtonVariant.primary : ButtonVariant.danger} data-testid="xaa-issuance-toggle" onClick={flip}>
            {stopped ? t("xaaResumeIssuance") : t("xaaStopIssuance")}
          </Button>
        </ActionGroup>
      </Form>
    </>
  );
};

/** The realm-wide stop: its state for everyone who may read it, the switch for a realm manager. */
const IssuanceSwitch = () => {
  const { t } = useTranslation();
  const api = useXaaApi();
  const { stopIssuance } = useRights();
  const { value: issuance, reload } = useLoad(() => api.get<Issuance>("issuance"), [api]);
  return (
    <PageSection variant="light" data-testid="xaa-issuance">
      <TextContent className="pf-v5-u-mb-md">
        <Title headingLevel="h2">{t("xaaIssuanceTitle")}</Title>
        <Text>{t("xaaIssuanceHelp")}</Text>
      </TextContent>
      {issuance && (
        <>
          <DetailList
            rows={[
              [
                t("xaaState"),
                <Label color={issuance.stopped ? "red" : "green"} data-testid="xaa-issuance-state">
                  {issuance.stopped ? t("xaaStopped") : t("xaaIssuing")}
                </Label>,
              ],
              ...(issuance.changedBy
                ? ([
                    [t("xaaChangedBy"), <span data-testid="xaa-issuance-changed">{t("xaaChangedByAt", { who: issuance.changedBy, when: formatZonedTime(issuance.changedAt) })}</span>],
                    [t("xaaReason"), <span data-testid="xaa-issuance-reason-shown">{issuance.reason ?? ""}</span>],
                  ] as [string, JSX.Element][])
                : []),
            ]}
          />
          {stopIssuance ? (
            <IssuanceForm key={`${issuance.stopped}-${issuance.changedAt ?? ""}`} stopped={issuance.stopped} onChanged={reload} />
          ) : (
            <Alert className="pf-v5-u-mt-md" variant="info" isInline title={t("xaaIssuanceReadOnly")} data-testid="xaa-issuance-read-only" />
          )}
        </>
      )}
    </PageSection>
  );
};

/** Picks a user of the realm and a reason, and blocks them; the server's refusal shows in the dialog. */
const BlockUserDialog = ({ onClose, onBlocked }: { onClose: () => void; onBlocked: () => void }) => {
  const { t } = useTranslation();
  const api = useXaaApi();
  const alerts = useAlerts();
  const pickers = usePickers();
  const [username, setUsername] = useState("");
  const [reason, setReason] = useState("");
  const problems = useFormProblems({ username: required(username), reason: reasonProblem(reason) }, ["username", "reason"]);

  const block = async () => {
    if (!problems.ready()) return;
    try {
      const userId = await pickers.userId(username);
      if (!userId) throw new ApiError(404, t("xaaUserNotFound", { username }));
      await api.put(`blocked-users/${encodeURIComponent(userId)}`, { reason });
      alerts.success(t("xaaUserBlocked", { username }));
      onBlocked();
      onClose();
    } catch (error) {
      if (!problems.refused(error)) alerts.error(error);
    }
  };

  return (
    <Modal
      variant={ModalVariant.medium}
      title={t("xaaBlockUserTitle")}
      isOpen
      onClose={onClose}
      data-testid="xaa-block-user-dialog"
      actions={[
        <Button key="block" variant={ButtonVariant.danger} data-testid="xaa-block-user-confirm" onClick={block}>
          {t("xaaBlock")}
        </Button>,
        <Button key="cancel" variant={ButtonVariant.link} data-testid="xaa-block-user-cancel" onClick={onClose}>
          {t("xaaCancel")}
        </Button>,
      ]}
    >
      {problems.formError && <Alert variant="danger" isInline title={problems.formError} data-testid="xaa-form-error" />}
      <TextContent className="pf-v5-u-mb-md">
        <Text>{t("xaaBlockUserHelp")}</Text>
      </TextContent>
      <Form onSubmit={(event) => event.preventDefault()}>
        <Field label={t("xaaUser")} fieldId="xaa-block-user-picker-input" isRequired error={problems.error("username")}>
          <SearchSelect
            id="xaa-block-user-picker"
            value={username}
            placeholder={t("xaaSelectUser")}
            search={pickers.users}
            onSelect={(chosen) => {
              setUsername(chosen);
              problems.touch("username");
            }}
          />
        </Field>
        <ReasonField
          label={t("xaaReason")}
          id="xaa-block-reason"
          help={t("xaaBlockReasonHelp")}
          value={reason}
          onChange={setReason}
          problems={problems}
        />
      </Form>
    </Modal>
  );
};

/** What the search looks in: the user, the reason and the admin who blocked. */
const matches = (search: string) => (block: UserBlock) =>
  [block.username, block.reason, block.blockedBy].some((text) => text?.toLowerCase().includes(search.toLowerCase()));

/** The blocked users (the API answers the whole list, latest first: searched and paged here) and their actions. */
const BlockedUsers = () => {
  const { t } = useTranslation();
  const api = useXaaApi();
  const { blockUsers } = useRights();
  const { value: blocks, reload } = useLoad(() => api.get<UserBlock[]>("blocked-users"), [api]);
  const [search, setSearch] = useState("");
  const [page, setPage] = useState<Page>({ first: 0, max: BLOCKS_PER_PAGE });
  const [blocking, setBlocking] = useState(false);
  const { ask, ConfirmDialog } = useConfirmation();
  const found = (blocks ?? []).filter(matches(search));
  const name = (block: UserBlock) => block.username ?? block.userId;

  const confirmUnblock = (block: UserBlock) =>
    ask({
      title: t("xaaUnblockUserTitle"),
      message: t("xaaUnblockUserMessage", { username: name(block) }),
      button: t("xaaUnblock"),
      variant: ButtonVariant.primary,
      done: t("xaaUserUnblocked", { username: name(block) }),
      run: async () => {
        await api.remove(`blocked-users/${encodeURIComponent(block.userId)}`);
        reload();
      },
    });

  return (
    <>
      <ConfirmDialog />
      {blocking && <BlockUserDialog onClose={() => setBlocking(false)} onBlocked={reload} />}
      <PagedToolbar
        id="xaa-blocked-users"
        page={page}
        count={found.length}
        onPage={setPage}
        searchPlaceholder={t("xaaSearchBlockedUsers")}
        onSearch={(text) => {
          setSearch(text);
          setPage({ ...page, first: 0 });
        }}
      >
        {blockUsers && (
          <ToolbarItem>
            <Button data-testid="xaa-block-user" variant={ButtonVariant.danger} onClick={() => setBlocking(true)}>
              {t("xaaBlockUser")}
            </Button>
          </ToolbarItem>
        )}
      </PagedToolbar>
      {!blockUsers && <Alert variant="info" isInline title={t("xaaBlockedUsersReadOnly")} data-testid="xaa-blocked-users-read-only" />}
      {blocks && found.length === 0 ? (
        <Empty
          filtered={!!search}
          title={search ? t("xaaNoResults") : t("xaaNoBlockedUsers")}
          body={search ? t("xaaNoResultsInstructions") : t("xaaNoBlockedUsersInstructions")}
          action={!search && blockUsers ? { label: t("xaaBlockUser"), onClick: () => setBlocking(true), testId: "xaa-empty-block-user" } : undefined}
        />
      ) : (
        <Table aria-label={t("xaaBlockedUsers")} variant="compact" data-testid="xaa-blocked-users-table">
          <Thead>
            <Tr>
              <Th modifier="wrap">{t("xaaUser")}</Th>
              <Th modifier="wrap">{t("xaaReason")}</Th>
              <Th modifier="wrap">{t("xaaBlockedBy")}</Th>
              <Th modifier="wrap">{t("xaaBlockedAt")}</Th>
              {blockUsers && <Th screenReaderText={t("xaaActions")} />}
            </Tr>
          </Thead>
          <Tbody>
            {found.slice(page.first, page.first + page.max).map((block) => (
              <Tr key={block.userId} data-testid={`xaa-blocked-user-${name(block)}`}>
                <Td dataLabel={t("xaaUser")}>{name(block)}</Td>
                <Td dataLabel={t("xaaReason")} style={{ whiteSpace: "normal" }}>
                  {block.reason}
                </Td>
                <Td dataLabel={t("xaaBlockedBy")}>{block.blockedBy}</Td>
                <Td dataLabel={t("xaaBlockedAt")}>{formatZonedTime(block.blockedAt)}</Td>
                {blockUsers && (
                  <Td isActionCell>
                    <ActionsColumn items={[{ title: t("xaaUnblock"), onClick: () => confirmUnblock(block) }]} />
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

export default function KillSwitchesPage() {
  const { t } = useTranslation();
  const { viewIssuance, viewBlockedUsers } = useRights();
  return (
    <>
      <ViewHeader titleKey={t("xaaKillSwitches")} subKey={t("xaaKillSwitchesHelp")} />
      {viewIssuance && <IssuanceSwitch />}
      <PageSection variant="light" padding={{ default: "noPadding" }} data-testid="xaa-blocked-users">
        <TextContent className="pf-v5-u-px-lg pf-v5-u-pt-lg pf-v5-u-pb-sm">
          <Title headingLevel="h2">{t("xaaBlockedUsers")}</Title>
          <Text>{t("xaaBlockedUsersHelp")}</Text>
        </TextContent>
        {viewBlockedUsers ? (
          <BlockedUsers />
        ) : (
          <Alert variant="info" isInline title={t("xaaBlockedUsersNoRight")} data-testid="xaa-blocked-users-no-right" />
        )}
      </PageSection>
    </>
  );
}
