/** Date-times as the admin's browser formats them; the API speaks ISO-8601. */
export const formatTime = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : "");

export const isExpired = (expiresAt?: string | null) => !!expiresAt && new Date(expiresAt).getTime() <= Date.now();

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO-8601 → the value of an <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(iso?: string | null) {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> → ISO-8601 UTC, or null when empty. */
export const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

/** The browser's time zone (an IANA name such as "Europe/Berlin"), in which times are shown and typed. */
export const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The browser's time zone and its offset from UTC at `at`, e.g. "Europe/Berlin (UTC+01:00)". */
export function zoneLabel(at = new Date()) {
  const zone = timeZone();
  const minutes = -at.getTimezoneOffset();
  const offset = `${minutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  return `${zone} (UTC${offset})`;
}

/** A date-time in the browser's zone with the zone named, so no reader has to guess it. */
export const formatZonedTime = (iso?: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { timeZoneName: "short" }) : "";

/** A date-time as stored: UTC, to the minute. */
export const formatUtc = (iso?: string | null) => (iso ? `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC` : "");
