import { useEffect, useState } from "react";
import { useAlerts } from "./Alerts";

/** Runs a read when its inputs change; a failure is shown to the admin. `reload` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const alerts = useAlerts();
  const [value, setValue] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load()
      .then((loaded) => current && setValue(loaded))
      .catch((error) => current && alerts.error(error))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);

  return { value, loading, reload: () => setVersion((v) => v + 1) };
}
