import { useState } from "react";
import type { Query } from "../api/types";
import { useXaaApi } from "../api/useXaaApi";
import type { Page } from "./PagedToolbar";
import { useLoad } from "./useLoad";

/**
 * One page of a collection of the API and the collection's count under the same filter; `filterDeps` are what the
 * filter is made of (a change reloads from the current page), `max` the first page size.
 */
export function usePagedList<T>(path: string, filter: Query, filterDeps: unknown[], max: number) {
  const api = useXaaApi();
  const [page, setPage] = useState<Page>({ first: 0, max });
  const { value, reload } = useLoad(
    async () => ({
      items: await api.get<T[]>(path, { ...filter, ...page }),
      count: await api.get<number>(`${path}/count`, filter),
    }),
    [api, ...filterDeps, page],
  );
  return { page, setPage, items: value?.items, count: value?.count ?? 0, reload };
}
