import { ViewHeader } from "@keycloak/keycloak-admin-ui";
import { PageSection } from "@patternfly/react-core";
import { ReactNode } from "react";
import { IssuanceStoppedBanner } from "./IssuanceStoppedBanner";

type Props = { title: string; help: string; children?: ReactNode };

/** A page of lists: the console's header, the banner of a stopped issuance, then toolbars and tables edge to edge. */
export const ListPage = ({ title, help, children }: Props) => (
  <>
    <ViewHeader titleKey={title} subKey={help} />
    <IssuanceStoppedBanner />
    <PageSection variant="light" padding={{ default: "noPadding" }}>
      {children}
    </PageSection>
  </>
);
