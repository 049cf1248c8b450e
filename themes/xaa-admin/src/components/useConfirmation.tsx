import { useConfirmDialog } from "@keycloak/keycloak-admin-ui";
import { ButtonVariant } from "@patternfly/react-core";
import { useState } from "react";
import { useAlerts } from "./Alerts";

/** One change the admin is asked to confirm, in words already translated; `run` calls the API. */
export type Confirmation = {
  title: string;
  message: string;
  button: string;
  /** Danger for what takes access away (the default); primary for what gives it back. */
  variant?: ButtonVariant;
  done: string;
  run: () => Promise<void>;
};

/**
 * Ask, then change: the stock confirm dialog, the API call, and the alert that says how it went. Every disable,
 * enable and delete of the pages goes through here.
 */
export function useConfirmation() {
  const alerts = useAlerts();
  const [pending, setPending] = useState<Confirmation>();
  const [confirm, Dialog] = useConfirmDialog({
    titleKey: pending?.title ?? "",
    messageKey: pending?.message ?? "",
    continueButtonLabel: pending?.button ?? "",
    continueButtonVariant: pending?.variant ?? ButtonVariant.danger,
    onConfirm: async () => {
      if (!pending) return;
      try {
        await pending.run();
        alerts.success(pending.done);
      } catch (error) {
        alerts.error(error);
      }
    },
  });
  // PatternFly's Modal logs an error for a missing title even while closed: nothing to confirm, no dialog.
  const ConfirmDialog = () => (pending ? <Dialog /> : null);
  const ask = (confirmation: Confirmation) => {
    setPending(confirmation);
    confirm();
  };
  return { ask, ConfirmDialog };
}
