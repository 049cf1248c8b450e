import i18n from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import bundle from "../../../src/main/resources/theme/xaa-admin/admin/messages/messages_en.properties?raw";
import { environment } from "./environment";

const LANGUAGE = "en";
/** Our texts' own namespace: never fetched, only bundled. */
const BUNDLED_NS = "xaa";

type Message = { key: string; value: string };

/** key=value lines of a .properties file; comments and blank lines skipped. */
export function parseProperties(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/**
 * The stock console fetches its messages per managed realm (it switches the default namespace to that realm on
 * every realm change), from that realm's admin theme, which is the stock one unless the realm chose ours. So our
 * texts are compiled in under a namespace of their own and found as the fallback namespace, whatever realm is
 * managed, in every locale (a realm namespace that has a key, translated, still wins).
 */
export async function initI18n() {
  await i18n
    .use(FetchBackend)
    .use(initReactI18next)
    .init({
      lng: LANGUAGE,
      fallbackLng: LANGUAGE,
      keySeparator: false,
      nsSeparator: false,
      ns: [environment.realm],
      defaultNS: environment.realm,
      fallbackNS: BUNDLED_NS,
      interpolation: { escapeValue: false },
      backend: {
        loadPath: `${environment.adminBaseUrl.replace(/\/$/, "")}/resources/{{ns}}/admin/{{lng}}`,
        parse: (data: string) =>
          Object.fromEntries((JSON.parse(data) as Message[]).map(({ key, value }) => [key, value])),
      },
    });
  i18n.addResourceBundle(LANGUAGE, BUNDLED_NS, parseProperties(bundle), true, false);
}
