/**
 * Access control, the pure layer: policy documents, statement matching, condition operators, the
 * KMS decision procedure, the permission table, grant rules and AWS's denial messages. Given a
 * request context it says allow or deny and why; it stores nothing and reads no clock.
 */
export { compileArnPattern } from "./arn-pattern.js";
export {
  compileIdentityPolicy,
  compileKeyPolicy,
  compilePolicy,
  evaluatePolicy,
  POLICY_ALLOWS_ACCOUNT,
  POLICY_ALLOWS_DIRECT,
  POLICY_DENIES,
  type ActionStatements,
  type CompiledPolicy,
  type CompiledStatement,
} from "./compiled-policy.js";
export { resolveConditionKey, type ConditionKey, type EvaluationInput } from "./condition-keys.js";
export { parseConditionOperator, type ConditionOperator } from "./condition-operators.js";
export { compileCondition, type Predicate } from "./conditions.js";
export { authorize, denialOf, requireAuthorized, type AccessRequest, type Decision } from "./decision.js";
export { formatGrantId, formatGrantToken, grantIdFromToken } from "./grant-token.js";
export {
  constraintsHold,
  GRANT_OPERATIONS,
  grantAllows,
  grantOperationsFor,
  GRANTS_PER_KEY,
  isNarrowerGrant,
  principalCovers,
  requireGrantableOperations,
  retireGrantRight,
  type GrantConstraints,
  type GrantOperation,
  type GrantRecord,
} from "./grants.js";
export { isLockoutSafe, LOCKOUT_MESSAGE, requireLockoutSafe, type LockoutCheck } from "./lockout.js";
export { accessDenied, denialMessage, type DenialReason } from "./messages.js";
export { authorizeCreateGrant, authorizeRetireGrant, type AccessTarget, type RetireAccess } from "./operation-access.js";
export {
  CROSS_ACCOUNT_ACTIONS,
  checksFor,
  OPERATION_PERMISSIONS,
  permissionsFor,
  type OperationPermissions,
  type PermissionCheck,
  type PermissionTarget,
} from "./permissions.js";
export {
  KEY_POLICY_MAX_BYTES,
  parseIdentityPolicy,
  parseKeyPolicy,
  type Effect,
  type KeyPolicyOptions,
  type PolicyCondition,
  type PolicyDocument,
  type PolicyStatement,
  type PrincipalSpec,
} from "./policy-document.js";
export { parsePolicyDate } from "./policy-date.js";
export { accountRootArn, callerFromArn, isAccountId, rootCaller, type Caller, type CallerKind } from "./principal.js";
export {
  NO_RESOURCE,
  type AccessResource,
  type AliasResource,
  type ConditionValue,
  type KeyResource,
  type NoResource,
  type RequestContext,
  type ResourceTag,
} from "./request-context.js";
