import { ViewHeader } from "@keycloak/keycloak-admin-ui";
import { PageSection } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { ConnectionsTable } from "../components/ConnectionsTable";

export default function ConnectionsPage() {
  const { t } = useTranslation();
  return (
    <>
      <ViewHeader titleKey={t("xaaConnections")} subKey={t("xaaConnectionsHelp")} />
      <PageSection variant="light" padding={{ default: "noPadding" }}>
        <ConnectionsTable />
      </PageSection>
    </>
  );
}
