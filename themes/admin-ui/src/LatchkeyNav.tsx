import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { NavGroup } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";
import { API_KEY_USAGE_PATH } from "./api";

const MENU = ".keycloak__page_nav__nav nav";

/**
 * Latchkey's group at the end of the console's menu. Keycloak's menu (PageNav) has no extension point for a page
 * that is not a configuration form, so the group is rendered into an element of ours kept as the menu's last child:
 * the menu's own items stay Keycloak's, and React still owns everything in the group (links, routing, access).
 */
export const LatchkeyNav = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { hasAccess } = useAccess();
  const [host] = useState(() => document.createElement("div"));

  useEffect(() => {
    const keepLast = () => {
      const menu = document.querySelector(MENU);
      if (menu && menu.lastElementChild !== host) menu.appendChild(host);
    };
    keepLast();
    // The menu adds its groups as the user's access loads, and is drawn anew on some navigations.
    const observer = new MutationObserver(keepLast);
    observer.observe(document.getElementById("app")!, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      host.remove();
    };
  }, [host]);

  if (!hasAccess("view-users")) return null;
  return createPortal(
    <NavGroup title="Latchkey" aria-label="Latchkey">
      <li className="pf-v5-c-nav__item">
        <NavLink
          id="nav-item-api-key-usage"
          to={`/${encodeURIComponent(realm)}/${API_KEY_USAGE_PATH}`}
          className={({ isActive }) => `pf-v5-c-nav__link${isActive ? " pf-m-current" : ""}`}
        >
          {t("latchkeyApiKeyUsage")}
        </NavLink>
      </li>
    </NavGroup>,
    host,
  );
};
