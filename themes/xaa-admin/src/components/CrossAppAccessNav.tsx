import { useRealm } from "@keycloak/keycloak-admin-ui";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";
import { paths } from "../paths";

/**
 * Finds, and follows across re-renders, the element a portal is attached to inside the stock markup, and keeps it
 * the parent's last child: the stock parts render late (a section once the admin's access is known, a tab once the
 * client is loaded) and React appends them after everything, ours included, which would move ours around.
 */
export function useHost(find: () => Element | null, make: (parent: Element) => Element) {
  const [host, setHost] = useState<Element>();
  useEffect(() => {
    let current: Element | undefined;
    const attach = () => {
      const parent = find();
      if (!parent) return;
      if (current && current.parentElement === parent) {
        if (parent.lastElementChild !== current) parent.appendChild(current);
        return;
      }
      current?.remove();
      current = make(parent);
      setHost(current);
    };
    attach();
    const observer = new MutationObserver(attach);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      current?.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return host;
}

/**
 * The stock navigation (PageNav) has no extension point, so this section is rendered into its markup, after
 * "Configure". It depends on PatternFly's nav class names: re-check it on every Keycloak upgrade.
 */
export const CrossAppAccessNav = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const host = useHost(
    () => document.querySelector(".pf-v5-c-page__sidebar nav.pf-v5-c-nav"),
    (nav) => nav.appendChild(Object.assign(document.createElement("div"), { id: "xaa-nav" })),
  );
  if (!host || !realm) return null;
  const items: [string, string][] = [
    ["xaaResourceApps", paths.resourceApps(realm)],
    ["xaaConnections", paths.connections(realm)],
    ["xaaInventory", paths.inventory(realm)],
    ["xaaAudit", paths.audit(realm)],
    ["xaaSimulator", paths.simulator(realm)],
    ["xaaKillSwitches", paths.killSwitches(realm)],
  ];
  return createPortal(
    <section className="pf-v5-c-nav__section" aria-labelledby="xaa-nav-title">
      <h2 className="pf-v5-c-nav__section-title" id="xaa-nav-title">
        {t("xaaSection")}
      </h2>
      <ul className="pf-v5-c-nav__list" role="list">
        {items.map(([key, path]) => (
          <li key={key} className="pf-v5-c-nav__item">
            <NavLink to={path} data-testid={`xaa-nav-${key}`} className={({ isActive }) => `pf-v5-c-nav__link${isActive ? " pf-m-current" : ""}`}>
              {t(key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </section>,
    host,
  );
};
