import { useRealm } from "@keycloak/keycloak-admin-ui";
import { ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiError } from "../api/useXaaApi";
import { paths } from "../paths";
import type { Problem } from "./rules";

/** The codes the forms say in their own words (messages xaaProblem<Code>); any other is shown as the API said it. */
const KNOWN_CODES = [
  "required", "tooLong", "notUri", "notAbsolute", "hasFragment", "notHttps", "notScopeToken", "repeated", "outOfRange",
  "notOffered", "unknownAcr", "stepUpEmpty", "unknownClient", "notEligibleClient", "unknownResourceApp", "alreadyConnected",
  "identityTaken", "audienceTaken", "connectionStillUses", "unknownGroup", "immutable",
];

const messageKey = (code: string) => `xaaProblem${code.charAt(0).toUpperCase()}${code.slice(1)}`;

/**
 * A form's problems: its own checks (shown once the admin touched the field or tried to save), and the
 * server's refusal on the field it names (until that field changes). A refusal the form cannot place is
 * `formError`, for an inline alert above the form.
 */
export function useFormProblems(local: Record<string, Problem | undefined>, fields: string[]) {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const [touched, setTouched] = useState<string[]>([]);
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<Record<string, Problem>>({});
  const [formError, setFormError] = useState<string>();

  const say = (problem: Problem): ReactNode => {
    const text = t(messageKey(problem.code), problem.params ?? {});
    const connectionId = problem.params?.connectionId;
    return connectionId ? (
      <>
        {text}{" "}
        <Link to={paths.connection(realm, connectionId)} data-testid="xaa-conflicting-connection">
          {t("xaaOpenConnection", { clientId: problem.params?.clientId })}
        </Link>
      </>
    ) : (
      text
    );
  };

  return {
    /** What to show under the field now, if anything. */
    error: (field: string): ReactNode => {
      const problem = server[field] ?? (attempted || touched.includes(field) ? local[field] : undefined);
      return problem && say(problem);
    },
    touch: (field: string) => {
      if (!touched.includes(field)) setTouched([...touched, field]);
      if (server[field]) setServer(Object.fromEntries(Object.entries(server).filter(([name]) => name !== field)));
    },
    /** False (and every problem shown) while a field is invalid: nothing is sent then. */
    ready: () => {
      setAttempted(true);
      setFormError(undefined);
      return Object.values(local).every((problem) => !problem);
    },
    /** Places a failed save's refusal; false when it is no refusal of the form's fields (the caller reports it). */
    refused: (error: unknown) => {
      if (!(error instanceof ApiError) || error.status >= 500) return false;
      const { field, code, params } = error.refusal;
      if (field && code && KNOWN_CODES.includes(code) && fields.includes(field)) {
        setServer({ ...server, [field]: { code, params } });
      } else {
        setFormError(error.message);
      }
      return true;
    },
    formError,
  };
}

export type FormProblems = ReturnType<typeof useFormProblems>;
