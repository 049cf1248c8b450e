/** The JSON of the admin REST API at /admin/realms/{realm}/cross-app-access (see the README). */

export type StepUp = { acrValues?: string[]; maxAgeSeconds?: number | null };

/** What a client presents as the user's proof in an exchange: an ID token, or a refresh token of an online or offline session. */
export type SubjectKind = "id_token" | "refresh_token" | "offline_token";

export type ResourceApp = {
  id?: string;
  name: string;
  audience: string;
  resources: string[];
  scopes: string[];
  idJagLifetimeSeconds: number;
  includeEmail: boolean;
  enabled: boolean;
  stepUp?: StepUp | null;
  scopeStepUp?: Record<string, StepUp>;
  /** An ID token is always accepted as the subject; a refresh token (online session) or offline token only when allowed. */
  allowRefreshTokenSubject: boolean;
  allowOfflineTokenSubject: boolean;
};

export type Connection = {
  id?: string;
  clientId: string;
  resourceAppId: string;
  clientIdAtResourceApp: string;
  scopes: string[];
  resources: string[];
  requiredGroups: string[];
  /** Read-only: what the server stores (group ids). */
  requiredGroupIds?: string[];
  /** Required groups that were deleted: they match nobody. Sent back as loaded, so saving keeps them. */
  missingRequiredGroupIds?: string[];
  enabled: boolean;
  expiresAt?: string | null;
  description?: string;
  createdBy?: string;
  createdAt?: string;
  updatedBy?: string;
  updatedAt?: string;
  lastUsedAt?: string;
  issuedCount?: number;
};

export type AuditRecord = {
  id: string;
  time: string;
  type: string;
  outcome: "SUCCESS" | "FAILURE";
  clientId?: string;
  userId?: string;
  username?: string;
  resourceAppId?: string;
  audience?: string;
  resource?: string;
  connectionId?: string;
  scopeRequested?: string;
  scopeGranted?: string;
  jti?: string;
  error?: string;
  rule?: string;
  reason?: string;
  /** Absent for configuration changes and for exchanges refused before the subject token was read. */
  subjectKind?: SubjectKind;
  operation?: string;
  resourceType?: string;
  [field: string]: unknown;
};

/** The realm's kill switch (GET/PUT issuance); changedBy and changedAt are the server's. */
export type Issuance = {
  stopped: boolean;
  reason?: string | null;
  changedBy?: string | null;
  changedAt?: string | null;
};

/** A user for whom no ID-JAG is issued (GET blocked-users; PUT blocked-users/{userId} sends only the reason). */
export type UserBlock = {
  userId: string;
  username?: string | null;
  reason?: string | null;
  blockedBy?: string;
  blockedAt?: string;
};

export type Evaluation = {
  clientId: string;
  username: string;
  audience: string;
  resources: string[];
  scopes?: string[];
  /** Absent: an ID token. For a refresh token, acr and authAgeSeconds describe the login of its session. */
  subjectKind?: SubjectKind;
  acr?: string;
  authAgeSeconds?: number;
};

export type DroppedScope = { scope: string; reason: string; description: string };

export type EvaluationResult = {
  decision: "ISSUE" | "REFUSE" | "STEP_UP";
  error?: string;
  rule?: string;
  reason?: string;
  clientId: string;
  resourceAppId?: string;
  resourceAppName?: string;
  connectionId?: string;
  clientIdAtResourceApp?: string;
  grantedScopes?: string[];
  grantedResources?: string[];
  lifetimeSeconds?: number;
  acrValues?: string;
  maxAge?: number;
  droppedScopes?: DroppedScope[];
};

export type Query = Record<string, string | number | boolean | undefined>;
