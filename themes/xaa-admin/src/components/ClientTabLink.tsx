import { useTranslation } from "react-i18next";
import { createPortal } from "react-dom";
import { NavLink, useMatch } from "react-router-dom";
import { useHost } from "./CrossAppAccessNav";
import { paths } from "../paths";

/**
 * Adds a "Cross App Access" tab to the stock client details tabs (which have no extension point either); it
 * opens this client's connections. Depends on PatternFly's tabs class names.
 */
export const ClientTabLink = () => {
  const { t } = useTranslation();
  const match = useMatch("/:realm/clients/:id/:tab");
  const onStockPage = !!match && match.params.tab !== "cross-app-access";
  return onStockPage ? <TabLink realm={match.params.realm!} id={match.params.id!} label={t("xaaClientTab")} /> : null;
};

const TabLink = ({ realm, id, label }: { realm: string; id: string; label: string }) => {
  const host = useHost(
    () => document.querySelector("#kc-main-content-page-container .pf-v5-c-tabs__list"),
    (list) => list.appendChild(Object.assign(document.createElement("li"), { className: "pf-v5-c-tabs__item", id: "xaa-client-tab" })),
  );
  return host
    ? createPortal(
        <NavLink to={paths.clientTab(realm, id)} className="pf-v5-c-tabs__link" data-testid="xaa-client-tab">
          <span className="pf-v5-c-tabs__item-text">{label}</span>
        </NavLink>,
        host,
      )
    : null;
};
