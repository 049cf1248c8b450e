import { useRealm } from "@keycloak/keycloak-admin-ui";
import { Alert, PageSection } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { Issuance } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { paths } from "../paths";
import { formatZonedTime } from "./time";
import { useRights } from "./useRights";

/**
 * Tells the admin on the section's pages that the realm's ID-JAG issuance is stopped: whatever a connection says,
 * nothing is issued. Read each time a page opens, so it follows a change made elsewhere.
 */
export const IssuanceStoppedBanner = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const api = useXaaApi();
  const { viewIssuance } = useRights();
  const [issuance, setIssuance] = useState<Issuance>();

  useEffect(() => {
    if (!viewIssuance) return;
    let current = true;
    api
      .get<Issuance>("issuance")
      .then((loaded) => current && setIssuance(loaded))
      // A page's own reads report failures; a banner that cannot be read is simply not shown.
      .catch(() => current && setIssuance(undefined));
    return () => {
      current = false;
    };
  }, [api, viewIssuance]);

  if (!issuance?.stopped) return null;
  return (
    <PageSection variant="light" className="pf-v5-u-pb-0">
      <Alert
        variant="danger"
        isInline
        title={t("xaaIssuanceStoppedBanner")}
        data-testid="xaa-issuance-stopped-banner"
        actionLinks={<Link to={paths.killSwitches(realm)}>{t("xaaOpenKillSwitches")}</Link>}
      >
        {t("xaaIssuanceStoppedBy", { who: issuance.changedBy ?? "", when: formatZonedTime(issuance.changedAt), reason: issuance.reason ?? "" })}
      </Alert>
    </PageSection>
  );
};
