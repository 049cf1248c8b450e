import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { Button } from "@patternfly/react-core";
import { ArrowLeftIcon } from "@patternfly/react-icons";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { ConnectionsTable } from "../components/ConnectionsTable";
import { ListPage } from "../components/ListPage";
import { useLoad } from "../components/useLoad";

/** The client's "Cross App Access" tab: the connections through which this client obtains ID-JAGs. */
export default function ClientConnectionsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { realm } = useRealm();
  const { adminClient } = useAdminClient();
  const { value: client } = useLoad(() => adminClient.clients.findOne({ realm, id: id! }), [id, realm]);
  return (
    <ListPage title={client?.clientId ?? ""} help={t("xaaClientTabHelp")}>
      <Button variant="link" icon={<ArrowLeftIcon />} component={(props) => <Link {...props} to={`/${realm}/clients/${id}/settings`} />}>
        {t("xaaClient")}
      </Button>
      {client?.clientId && <ConnectionsTable clientId={client.clientId} />}
    </ListPage>
  );
}
