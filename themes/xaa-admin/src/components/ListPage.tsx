import { ViewHeader } from "@keycloak/keycloak-admin-ui";
import { PageSection } from "@patternfly/react-core";
import { ReactNode } from "react";

type Props = { title: string; help: string; children?: ReactNode };

/** A page of lists: the console's header, then toolbars and tables edge to edge. */
export const ListPage = ({ title, help, children }: Props) => (
  <>
    <ViewHeader titleKey={title} subKey={help} />
    <PageSection variant="light" padding={{ default: "noPadding" }}>
      {children}
    </PageSection>
  </>
);
