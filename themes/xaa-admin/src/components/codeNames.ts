import { useTranslation } from "react-i18next";

/**
 * The words for the API's codes (audit record types, rules, OAuth errors, ...). A code the texts do not know yet
 * shows as it is, rather than as a message key.
 */
export function useCodeNames() {
  const { t } = useTranslation();
  const words = (prefix: string) => (code?: string) => (code ? t(`${prefix}${code}`, { defaultValue: code }) : "");
  return {
    recordType: words("xaaRecordType"),
    resourceType: words("xaaResourceType"),
    operation: words("xaaOperation"),
    outcome: words("xaaOutcome"),
    rule: words("xaaRule"),
    oauthError: words("xaaOauthError"),
    dropReason: words("xaaDropReason"),
    subjectKind: words("xaaSubjectKind"),
  };
}
