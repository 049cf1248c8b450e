import type { ResourceApp } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import { useLoad } from "./useLoad";

/** The API's maximum page: realms have a handful of resource apps, not thousands (those are connections). */
const ALL = 1000;

/** The realm's resource apps, for pickers and for naming a connection's app. */
export function useResourceApps() {
  const api = useXaaApi();
  const { value } = useLoad(() => api.get<ResourceApp[]>("resource-apps", { max: ALL }), [api]);
  const apps = value ?? [];
  return { apps, loaded: value !== undefined, name: (id: string) => apps.find((app) => app.id === id)?.name ?? id };
}
