import { useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import { ButtonVariant } from "@patternfly/react-core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Connection } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useAlerts } from "./Alerts";

/** "disconnect" is "disable" in the words of a client's tab. */
export type ConnectionAction = "delete" | "disable" | "disconnect" | "enable";

type Pending = { connection: Connection; action: ConnectionAction; appName: string };

const texts: Record<ConnectionAction, { title: string; message: string; button: string; done: string }> = {
  delete: { title: "xaaDeleteConnectionTitle", message: "xaaDeleteConnectionMessage", button: "xaaDelete", done: "xaaConnectionDeleted" },
  disable: { title: "xaaDisableConnectionTitle", message: "xaaDisableConnectionMessage", button: "xaaDisable", done: "xaaConnectionDisabled" },
  disconnect: { title: "xaaDisconnectTitle", message: "xaaDisconnectMessage", button: "xaaDisconnect", done: "xaaDisconnected" },
  enable: { title: "xaaEnableConnectionTitle", message: "xaaEnableConnectionMessage", button: "xaaEnable", done: "xaaConnectionEnabled" },
};

/** Disable, enable or delete a connection after the admin confirms; `onDone` reloads what shows it. */
export function useConnectionActions(onDone: () => void) {
  const { t } = useTranslation();
  const api = useXaaApi();
  const alerts = useAlerts();
  const [pending, setPending] = useState<Pending>();

  const act = async ({ connection, action }: Pending) => {
    try {
      if (action === "delete") await api.remove(`connections/${connection.id}`);
      else await api.put(`connections/${connection.id}`, { ...connection, enabled: action === "enable" });
      alerts.success(t(texts[action].done));
      onDone();
    } catch (error) {
      alerts.error(error);
    }
  };

  const text = texts[pending?.action ?? "delete"];
  const [confirm, ConfirmDialog] = useConfirmDialog({
    titleKey: t(text.title),
    messageKey: t(text.message, { clientId: pending?.connection.clientId, app: pending?.appName }),
    continueButtonLabel: t(text.button),
    continueButtonVariant: pending?.action === "enable" ? ButtonVariant.primary : ButtonVariant.danger,
    onConfirm: () => pending && act(pending),
  });
  const ask = (connection: Connection, action: ConnectionAction, appName = "") => {
    setPending({ connection, action, appName });
    confirm();
  };
  return { ask, ConfirmDialog };
}
