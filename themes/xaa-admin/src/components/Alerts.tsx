import { Alert, AlertActionCloseButton, AlertGroup, AlertVariant } from "@patternfly/react-core";
import { PropsWithChildren, createContext, useCallback, useContext, useState } from "react";
import { useTranslation } from "react-i18next";

type Toast = { id: number; title: string; variant: AlertVariant };
type Alerts = { success: (title: string) => void; error: (error: unknown) => void };

// The library keeps its own alert context internal, so the pages carry a small one of their own.
const AlertsContext = createContext<Alerts | undefined>(undefined);
let nextId = 0;

export const AlertsProvider = ({ children }: PropsWithChildren) => {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const close = (id: number) => setToasts((all) => all.filter((toast) => toast.id !== id));
  const add = useCallback((title: string, variant: AlertVariant) => {
    const id = nextId++;
    setToasts((all) => [...all, { id, title, variant }]);
    setTimeout(() => close(id), 8000);
  }, []);
  const alerts: Alerts = {
    success: (title) => add(title, AlertVariant.success),
    error: (error) => add(t("xaaError", { error: error instanceof Error ? error.message : String(error) }), AlertVariant.danger),
  };
  return (
    <AlertsContext.Provider value={alerts}>
      <AlertGroup isToast isLiveRegion data-testid="xaa-alerts">
        {toasts.map(({ id, title, variant }) => (
          <Alert key={id} variant={variant} title={title} actionClose={<AlertActionCloseButton onClose={() => close(id)} />} />
        ))}
      </AlertGroup>
      {children}
    </AlertsContext.Provider>
  );
};

export function useAlerts(): Alerts {
  const alerts = useContext(AlertsContext);
  if (!alerts) throw new Error("useAlerts outside AlertsProvider");
  return alerts;
}
