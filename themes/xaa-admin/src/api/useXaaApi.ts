import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useMemo } from "react";
import type { Query } from "./types";

/** A refusal's machine-readable parts: the API field it concerns, a stable code word and what it names. */
export type Refusal = { field?: string; code?: string; params?: Record<string, string> };

/** An answer of the API other than 2xx: its {"errorMessage"} (or the HTTP status) is shown to the admin. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly refusal: Refusal = {},
  ) {
    super(message);
  }
}

function queryString(query: Query = {}) {
  const params = new URLSearchParams();
  Object.entries(query).forEach(([key, value]) => {
    if (value !== undefined && value !== "") params.set(key, String(value));
  });
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Calls /admin/realms/{realm}/cross-app-access with the console's own admin token. */
export function useXaaApi() {
  const { adminClient } = useAdminClient();
  const { realm } = useRealm();

  return useMemo(() => {
    const base = `${adminClient.baseUrl}/admin/realms/${encodeURIComponent(realm)}/cross-app-access`;

    async function request<T>(method: string, path: string, query?: Query, body?: unknown): Promise<T> {
      const token = await adminClient.getAccessToken();
      const response = await fetch(`${base}/${path}${queryString(query)}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) {
        let message = `${response.status} ${response.statusText}`;
        let refusal: Refusal = {};
        try {
          const body = JSON.parse(text);
          message = body.errorMessage ?? body.error ?? message;
          refusal = { field: body.field, code: body.code, params: body.params };
        } catch {
          // Not JSON (a proxy's page, say): the status line is all there is.
        }
        throw new ApiError(response.status, message, refusal);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    }

    return {
      realm,
      base,
      get: <T>(path: string, query?: Query) => request<T>("GET", path, query),
      post: <T>(path: string, body: unknown, query?: Query) => request<T>("POST", path, query, body),
      put: <T>(path: string, body: unknown) => request<T>("PUT", path, undefined, body),
      remove: (path: string) => request<void>("DELETE", path),
      token: () => adminClient.getAccessToken(),
    };
  }, [adminClient, realm]);
}

export type XaaApi = ReturnType<typeof useXaaApi>;
