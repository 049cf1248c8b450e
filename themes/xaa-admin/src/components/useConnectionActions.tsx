import { ButtonVariant } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import type { Connection } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useConfirmation } from "./useConfirmation";

/** "disconnect" is "disable" in the words of a client's tab. */
export type ConnectionAction = "delete" | "disable" | "disconnect" | "enable";

const texts: Record<ConnectionAction, { title: string; message: string; button: string; done: string }> = {
  delete: { title: "xaaDeleteConnectionTitle", message: "xaaDeleteConnectionMessage", button: "xaaDelete", done: "xaaConnectionDeleted" },
  disable: { title: "xaaDisableConnectionTitle", message: "xaaDisableConnectionMessage", button: "xaaDisable", done: "xaaConnectionDisabled" },
  disconnect: { title: "xaaDisconnectTitle", message: "xaaDisconnectMessage", button: "xaaDisconnect", done: "xaaDisconnected" },
  enable: { title: "xaaEnableConnectionTitle", message: "xaaEnableConnectionMessage", button: "xaaEnable", done: "xaaConnectionEnabled" },
};

/** Disable, enable or delete a listed connection after the admin confirms; `onDone` reloads what shows it. */
export function useConnectionActions(onDone: () => void) {
  const { t } = useTranslation();
  const api = useXaaApi();
  const { ask: confirm, ConfirmDialog } = useConfirmation();
  const ask = (connection: Connection, action: ConnectionAction, appName = "") => {
    const text = texts[action];
    confirm({
      title: t(text.title),
      message: t(text.message, { clientId: connection.clientId, app: appName }),
      button: t(text.button),
      variant: action === "enable" ? ButtonVariant.primary : ButtonVariant.danger,
      done: t(text.done),
      run: async () => {
        if (action === "delete") await api.remove(`connections/${connection.id}`);
        else await api.put(`connections/${connection.id}`, { ...connection, enabled: action === "enable" });
        onDone();
      },
    });
  };
  return { ask, ConfirmDialog };
}
