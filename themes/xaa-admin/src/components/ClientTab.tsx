import { useEffect } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { Link, useMatch } from "react-router-dom";
import ClientConnectionsPanel from "../pages/ClientConnectionsPanel";
import { CLIENT_TAB, paths } from "../paths";
import { useHost } from "./CrossAppAccessNav";

/** The stock client details page's tab strip (RoutableTabs, data-testid "client-tabs"). */
const STOCK_TABS = "#kc-main-content-page-container [data-testid='client-tabs']";
const PANEL_ID = "xaa-client-tab-panel";
const LINK_ID = "xaa-client-tab-link";

/**
 * The client's "Cross App Access" tab. The stock client details page has no extension point for tabs, but its
 * route is /:realm/clients/:clientId/:tab and it renders for any :tab, selecting none it does not know. So on our
 * tab's route the stock page stays (header, tab strip, its tabs' links); this adds our tab to its strip, current
 * there, and renders our panel where the stock page puts a tab's content. Depends on that data-testid and on
 * PatternFly's tabs class names: re-check both on every Keycloak upgrade.
 */
export const ClientTab = () => {
  const match = useMatch("/:realm/clients/:id/*");
  if (!match) return null;
  const { realm, id, "*": tab } = match.params;
  return <ClientTabPortals realm={realm!} id={id!} current={tab === CLIENT_TAB} />;
};

const ClientTabPortals = ({ realm, id, current }: { realm: string; id: string; current: boolean }) => {
  const { t } = useTranslation();
  const item = useHost(
    () => document.querySelector(`${STOCK_TABS} > .pf-v5-c-tabs__list`),
    (list) => list.appendChild(Object.assign(document.createElement("li"), { className: "pf-v5-c-tabs__item", role: "presentation" })),
  );
  useEffect(() => {
    item?.classList.toggle("pf-m-current", current);
  }, [item, current]);
  return (
    <>
      {item &&
        createPortal(
          <Link
            to={paths.clientTab(realm, id)}
            id={LINK_ID}
            className="pf-v5-c-tabs__link"
            role="tab"
            aria-selected={current}
            aria-controls={current ? PANEL_ID : undefined}
            data-testid="xaa-client-tab"
          >
            <span className="pf-v5-c-tabs__item-text">{t("xaaClientTab")}</span>
          </Link>,
          item,
        )}
      {current && <PanelPortal id={id} />}
    </>
  );
};

/** Our panel, after the stock strip: where the stock page shows the selected tab's content (it shows none here). */
const PanelPortal = ({ id }: { id: string }) => {
  const host = useHost(
    () => document.querySelector(STOCK_TABS)?.parentElement ?? null,
    (parent) =>
      parent.appendChild(
        Object.assign(document.createElement("section"), { className: "pf-v5-c-tab-content", id: PANEL_ID, role: "tabpanel", tabIndex: 0 }),
      ),
  );
  useEffect(() => {
    host?.setAttribute("aria-labelledby", LINK_ID);
  }, [host]);
  return host ? createPortal(<ClientConnectionsPanel clientUuid={id} />, host) : null;
};
