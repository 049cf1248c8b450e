import i18n from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import bundle from "../../../src/main/resources/theme/xaa-admin/admin/messages/messages_en.properties?raw";
import { environment } from "./environment";

const LANGUAGE = "en";

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
 * The stock console's messages come from the server, for the realm the admin logged in to. Our own keys are
 * served only where that realm uses this theme, so the bundle is also compiled in as the fallback.
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
      interpolation: { escapeValue: false },
      backend: {
        loadPath: `${environment.adminBaseUrl.replace(/\/$/, "")}/resources/{{ns}}/admin/{{lng}}`,
        parse: (data: string) =>
          Object.fromEntries((JSON.parse(data) as Message[]).map(({ key, value }) => [key, value])),
      },
    });
  i18n.addResourceBundle(LANGUAGE, environment.realm, parseProperties(bundle), true, false);
}
