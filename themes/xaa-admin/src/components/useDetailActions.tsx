import { ButtonVariant, DropdownItem } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useXaaApi } from "../api/useXaaApi";
import { useConfirmation } from "./useConfirmation";

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
  const { ask, ConfirmDialog } = useConfirmation();

  const run = async (action: DetailAction) => {
    if (action === "delete") {
      await api.remove(path);
      onDeleted();
    } else {
      onSaved(await api.put<T>(path, { ...stored, enabled: action === "enable" }));
    }
  };
  const actions: DetailAction[] = [stored?.enabled === false ? "enable" : "disable", "delete"];
  const items = stored
    ? actions
        .filter((action) => allowed[action])
        .map((action) => (
          <DropdownItem
            key={action}
            data-testid={`xaa-action-${action}`}
            onClick={() =>
              ask({
                ...texts[action],
                button: t(LABELS[action]),
                variant: action === "enable" ? ButtonVariant.primary : ButtonVariant.danger,
                run: () => run(action),
              })
            }
          >
            {t(LABELS[action])}
          </DropdownItem>
        ))
    : [];
  return { items, ConfirmDialog };
}
