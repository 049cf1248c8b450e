import { useTranslation } from "react-i18next";
import { ConnectionsTable } from "../components/ConnectionsTable";
import { ListPage } from "../components/ListPage";

export default function ConnectionsPage() {
  const { t } = useTranslation();
  return (
    <ListPage title={t("xaaConnections")} help={t("xaaConnectionsHelp")}>
      <ConnectionsTable />
    </ListPage>
  );
}
