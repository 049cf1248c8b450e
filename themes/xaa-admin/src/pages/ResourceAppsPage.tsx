import { useRealm } from "@keycloak/keycloak-admin-ui";
import { Button, Label, ToolbarItem } from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { ResourceApp, StepUp, SubjectKind } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useCodeNames } from "../components/codeNames";
import { useConfirmation } from "../components/useConfirmation";
import { Empty } from "../components/Empty";
import { ListPage } from "../components/ListPage";
import { PagedToolbar } from "../components/PagedToolbar";
import { usePagedList } from "../components/usePagedList";
import { useRights } from "../components/useRights";
import { paths } from "../paths";

/** A step-up in words: its ACR values, and the maximum authentication age when it has one. */
const StepUpText = ({ stepUp }: { stepUp?: StepUp | null }) => {
  const { t } = useTranslation();
  const acr = (stepUp?.acrValues ?? []).join(", ");
  return <>{stepUp?.maxAgeSeconds ? t("xaaStepUpWithMaxAge", { acr, seconds: stepUp.maxAgeSeconds }) : acr}</>;
};

/** The subject tokens an app accepts: an ID token always, refresh and offline tokens when allowed. */
const acceptedSubjectKinds = (app: ResourceApp): SubjectKind[] => [
  "id_token",
  ...(app.allowRefreshTokenSubject ? (["refresh_token"] as const) : []),
  ...(app.allowOfflineTokenSubject ? (["offline_token"] as const) : []),
];

export default function ResourceAppsPage() {
  const { t } = useTranslation();
  const api = useXaaApi();
  const { realm } = useRealm();
  const navigate = useNavigate();
  const { manageResourceApps } = useRights();
  const names = useCodeNames();
  const [search, setSearch] = useState("");
  const { page, setPage, items: apps, count, reload } = usePagedList<ResourceApp>("resource-apps", { search }, [search], 10);

  const { ask, ConfirmDialog: DeleteDialog } = useConfirmation();
  const confirmDelete = (app: ResourceApp) =>
    ask({
      title: t("xaaDeleteResourceAppTitle"),
      message: t("xaaDeleteResourceAppMessage", { name: app.name }),
      button: t("xaaDelete"),
      done: t("xaaResourceAppDeleted"),
      run: async () => {
        await api.remove(`resource-apps/${app.id}`);
        reload();
      },
    });

  return (
    <>
      <DeleteDialog />
      <ListPage title={t("xaaResourceApps")} help={t("xaaResourceAppsHelp")}>
        <PagedToolbar
          id="xaa-resource-apps"
          page={page}
          count={count}
          onPage={setPage}
          searchPlaceholder={t("xaaSearchResourceApps")}
          onSearch={(text) => {
            setSearch(text);
            setPage({ ...page, first: 0 });
          }}
        >
          {manageResourceApps && (
            <ToolbarItem>
              <Button data-testid="xaa-create-resource-app" onClick={() => navigate(paths.resourceApp(realm))}>
                {t("xaaCreateResourceApp")}
              </Button>
            </ToolbarItem>
          )}
        </PagedToolbar>
        {apps && apps.length === 0 ? (
          <Empty
            filtered={!!search}
            title={search ? t("xaaNoResults") : t("xaaNoResourceApps")}
            body={search ? t("xaaNoResultsInstructions") : t("xaaNoResourceAppsInstructions")}
            action={
              !search && manageResourceApps
                ? { label: t("xaaCreateResourceApp"), onClick: () => navigate(paths.resourceApp(realm)), testId: "xaa-empty-create-resource-app" }
                : undefined
            }
          />
        ) : (
          <Table aria-label={t("xaaResourceApps")} variant="compact" data-testid="xaa-resource-apps-table">
            <Thead>
              <Tr>
                <Th modifier="wrap">{t("xaaName")}</Th>
                <Th modifier="wrap">{t("xaaAudience")}</Th>
                <Th modifier="wrap">{t("xaaScopes")}</Th>
                <Th modifier="wrap">{t("xaaLifetimeShort")}</Th>
                <Th modifier="wrap">{t("xaaAppStepUp")}</Th>
                <Th modifier="wrap">{t("xaaScopeStepUp")}</Th>
                <Th modifier="wrap">{t("xaaSubjectTokens")}</Th>
                <Th modifier="wrap">{t("xaaStatus")}</Th>
                {manageResourceApps && <Th screenReaderText={t("xaaActions")} />}
              </Tr>
            </Thead>
            <Tbody>
              {apps?.map((app) => (
                <Tr key={app.id} data-testid={`xaa-resource-app-${app.name}`}>
                  <Td dataLabel={t("xaaName")}>
                    <Link to={paths.resourceApp(realm, app.id)}>{app.name}</Link>
                  </Td>
                  <Td dataLabel={t("xaaAudience")}>{app.audience}</Td>
                  <Td dataLabel={t("xaaScopes")}>{app.scopes.join(" ")}</Td>
                  <Td dataLabel={t("xaaLifetimeShort")}>{app.idJagLifetimeSeconds} s</Td>
                  <Td dataLabel={t("xaaAppStepUp")} data-testid="xaa-app-step-up">
                    <StepUpText stepUp={app.stepUp} />
                  </Td>
                  <Td dataLabel={t("xaaScopeStepUp")} data-testid="xaa-scope-step-up">
                    {Object.entries(app.scopeStepUp ?? {}).map(([scope, stepUp]) => (
                      <div key={scope}>
                        {scope}: <StepUpText stepUp={stepUp} />
                      </div>
                    ))}
                  </Td>
                  <Td dataLabel={t("xaaSubjectTokens")} data-testid="xaa-subject-tokens">
                    {acceptedSubjectKinds(app).map(names.subjectKind).join(", ")}
                  </Td>
                  <Td dataLabel={t("xaaStatus")}>
                    <Label color={app.enabled ? "green" : "grey"}>{app.enabled ? t("xaaEnabled") : t("xaaDisabled")}</Label>
                  </Td>
                  {manageResourceApps && (
                    <Td isActionCell>
                      <ActionsColumn
                        items={[
                          { title: t("xaaEdit"), onClick: () => navigate(paths.resourceApp(realm, app.id)) },
                          { title: t("xaaDelete"), onClick: () => confirmDelete(app) },
                        ]}
                      />
                    </Td>
                  )}
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </ListPage>
    </>
  );
}
