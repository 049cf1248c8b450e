import { ViewHeader } from "@keycloak/keycloak-admin-ui";
import { Breadcrumb, BreadcrumbItem, PageSection } from "@patternfly/react-core";
import { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";

type Props = {
  /** The list this item belongs to: its title and route. */
  list: { title: string; to: string };
  title: string;
  help: string;
  /** The header's Action menu (DropdownItems); none: no menu. */
  actions?: ReactElement[];
};

/**
 * The header of a detail page as on the stock ones: breadcrumbs (section › list › this item), the title, and
 * the Action menu holding the item's state and deletion.
 */
export const DetailHeader = ({ list, title, help, actions }: Props) => {
  const { t } = useTranslation();
  return (
    <>
      <PageSection variant="light" className="pf-v5-u-pb-0">
        <Breadcrumb data-testid="xaa-breadcrumbs">
          <BreadcrumbItem>{t("xaaSection")}</BreadcrumbItem>
          <BreadcrumbItem render={() => <Link to={list.to}>{list.title}</Link>} />
          <BreadcrumbItem isActive>{title}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <ViewHeader
        titleKey={title}
        noTranslate
        subKey={help}
        actionDropdownTitle="xaaAction"
        dropdownItems={actions && actions.length > 0 ? actions : undefined}
      />
    </>
  );
};
