/**
 * The registry's shape rules (store/RegistryRules.java), checked in the form before anything is sent, so the
 * admin sees each problem on its field. The server checks again: these must say exactly what it says.
 */

/** A problem with a field: a code of the API's error body and what it names. */
export type Problem = { code: string; params?: Record<string, string> };

export const MAX_LIFETIME_SECONDS = 300;
export const MAX_AGE_LIMIT = 31_536_000;
const MAX_NAME = 255;
const MAX_AUDIENCE = 1024;
const MAX_DESCRIPTION = 1024;
/** store/jpa/KillSwitchStore's limit on a kill switch's reason. */
const MAX_REASON = 1000;
/** RFC 6749 §3.3 scope-token: printable ASCII without space, '"' or '\'. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];
/** java.net.URI's scheme and authority, enough to tell what RegistryRules refuses. */
const URI = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?[^#]*(#.*)?$/;

export function required(value: string | undefined | null): Problem | undefined {
  return value?.trim() ? undefined : { code: "required" };
}

export function textProblem(value: string, max: number = MAX_NAME): Problem | undefined {
  return required(value) ?? (value.length > max ? { code: "tooLong", params: { max: String(max) } } : undefined);
}

export const descriptionProblem = (value?: string) =>
  value && value.length > MAX_DESCRIPTION ? { code: "tooLong", params: { max: String(MAX_DESCRIPTION) } } : undefined;

/** The server takes a kill switch without a reason; the console asks for one, so the audit trail says why. */
export const reasonProblem = (value: string) => textProblem(value, MAX_REASON);

/** An absolute https URI with a host and without fragment; http only for loopback hosts. */
export function serverUriProblem(value: string): Problem | undefined {
  if (!value.trim()) return { code: "required" };
  const params = { value };
  if (/\s/.test(value)) return { code: "notUri", params };
  const match = URI.exec(value);
  const host = match?.[3]?.replace(/^[^@]*@/, "").replace(/:\d*$/, "");
  if (!match || !host) return { code: "notAbsolute", params };
  if (match[4] !== undefined) return { code: "hasFragment", params };
  const scheme = match[1].toLowerCase();
  if (scheme !== "https" && !(scheme === "http" && LOOPBACK_HOSTS.includes(host.toLowerCase()))) return { code: "notHttps", params };
  return undefined;
}

export function audienceProblem(value: string): Problem | undefined {
  return serverUriProblem(value) ?? (value.length > MAX_AUDIENCE ? { code: "tooLong", params: { max: String(MAX_AUDIENCE) } } : undefined);
}

/** The first value of a list that breaks `rule`. */
export const firstProblem = (values: string[], rule: (value: string) => Problem | undefined) =>
  values.map(rule).find((problem) => problem !== undefined);

export const scopeProblem = (scope: string): Problem | undefined =>
  SCOPE_TOKEN.test(scope) ? undefined : { code: "notScopeToken", params: { value: scope } };

export function rangeProblem(value: number | null | undefined, min: number, max: number): Problem | undefined {
  if (value === null || value === undefined) return undefined;
  return Number.isInteger(value) && value >= min && value <= max ? undefined : { code: "outOfRange", params: { min: String(min), max: String(max) } };
}

/** Values a connection asks for that its app does not offer. */
export function notOffered(values: string[], offered: string[], resourceApp: string): Problem | undefined {
  const missing = values.find((value) => !offered.includes(value));
  return missing === undefined ? undefined : { code: "notOffered", params: { value: missing, resourceApp } };
}

/** An ACR value's level: through the realm's map, or the value itself as a number (StepUpRequirement.level). */
export function acrLevel(acr: string, acrLoaMap: Record<string, number>): number | undefined {
  if (acr in acrLoaMap) return acrLoaMap[acr];
  return /^[+-]?\d+$/.test(acr) ? Number(acr) : undefined;
}

export function acrProblem(values: string[], acrLoaMap: Record<string, number>): Problem | undefined {
  const unknown = values.find((acr) => (acrLevel(acr, acrLoaMap) ?? -1) < 0);
  return unknown === undefined ? undefined : { code: "unknownAcr", params: { value: unknown } };
}

/** The realm's ACR→LoA map (realm attribute acr.loa.map, JSON {"acr": level}); empty when unset or unreadable. */
export function parseAcrLoaMap(json?: string): Record<string, number> {
  try {
    const parsed = JSON.parse(json ?? "{}");
    return Object.fromEntries(Object.entries(parsed).filter(([, level]) => typeof level === "number")) as Record<string, number>;
  } catch {
    return {};
  }
}
