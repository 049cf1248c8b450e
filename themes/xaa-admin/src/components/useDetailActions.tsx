import { useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import { ButtonVariant, DropdownItem } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "./Alerts";

type DetailAction = "disable" | "enable" | "delete";

const LABELS: Record<DetailAction, string> = { disable: "xaaDisable", enable: "xaaEnable", delete: "xaaDelete" };

type Props<T extends { enabled: boolean }> = {
  /** The item's API path, e.g. connections/{id}. */
  path: string;
  /** The item as stored: what Disable and Enable send back with only `enabled` changed. */
  stored?: T;
  /** What the signed-in admin may do; the rest stays off the menu. */
  allowed: Record<DetailAction, boolean>;
  /** Each action's confirm dialog and its success alert, translated. */
  texts: Record<DetailAction, { title: string; message: string; done: string }>;
  onSaved: (saved: T) => void;
  onDeleted: () => void;
};

/** The Action menu of a detail page: Disable or Enable (whichever applies) and Delete, each confirmed first. */
export function useDetailActions<T extends { enabled: boolean }>({ path, stored, allowed, texts, onSaved, onDeleted }: Props<T>) {
  const { t } = useTranslation();
  const api = useXaaApi();
  const alerts = useAlerts();
  const [pending, setPending] = useState<DetailAction>("delete");

  const run = async (action: DetailAction) => {
    try {
      if (action === "delete") {
        await api.remove(path);
        onDeleted();
      } else {
        onSaved(await api.put<T>(path, { ...stored, enabled: action === "enable" }));
      }
      alerts.success(texts[action].done);
    } catch (error) {
      alerts.error(error);
    }
  };
  const [confirm, ConfirmDialog] = useConfirmDialog({
    titleKey: texts[pending].title,
    messageKey: texts[pending].message,
    continueButtonLabel: t(LABELS[pending]),
    continueButtonVariant: pending === "enable" ? ButtonVariant.primary : ButtonVariant.danger,
    onConfirm: () => run(pending),
  });
  const actions: DetailAction[] = [stored?.enabled === false ? "enable" : "disable", "delete"];
  const items = stored
    ? actions
        .filter((action) => allowed[action])
        .map((action) => (
          <DropdownItem
            key={action}
            data-testid={`xaa-action-${action}`}
            onClick={() => {
              setPending(action);
              confirm();
            }}
          >
            {t(LABELS[action])}
          </DropdownItem>
        ))
    : [];
  return { items, ConfirmDialog };
}
