// What a resultStatus filter compares with a record. For most workloads ResultStatus is the outcome of the
// HTTP operation, not of what the user meant; for Entra STS sign-ins it is worse: the success value varies by
// era and path (Succeeded, Success) and old samples say success on failed logons (o365-api.md 1.9, Entra STS
// logon). So a sign-in's outcome is decided from Operation, ErrorNumber / ErrorCode and LogonError, and the
// two spellings of success are one value everywhere.
/** Any record as read from a blob: the fields are checked, never assumed. */
type AuditRecord = Record<string, unknown>;

const SIGN_IN_RECORD_TYPE = 15;
const SIGN_IN_OPERATIONS = new Set(["userloggedin", "userloginfailed"]);
const SUCCESS = ["succeeded", "success"];
const FAILURE = ["failed"];

/**
 * Number(value), as a filter compares a record's numeric field, but NaN where the conversion throws: a
 * blob's record may hold any JSON, and {"toString": null} cannot be turned into a number at all.
 */
export function numberOf(value: unknown): number {
  try {
    return Number(value);
  } catch {
    return Number.NaN;
  }
}

function isSignIn(record: AuditRecord): boolean {
  const operation = typeof record.Operation === "string" ? record.Operation.toLowerCase() : "";
  return numberOf(record.RecordType) === SIGN_IN_RECORD_TYPE || SIGN_IN_OPERATIONS.has(operation);
}

/** An AADSTS error number: 0 (or nothing) means none. */
function hasError(value: unknown): boolean {
  if (typeof value === "number") return value !== 0;
  if (typeof value !== "string") return false;
  const text = value.trim();
  return text !== "" && text !== "0";
}

/**
 * True when a sign-in record carries any sign of a failed logon: UserLoginFailed, a non-zero ErrorNumber or
 * ErrorCode, a LogonError, or ResultStatus Failed. A success value in ResultStatus proves nothing.
 */
export function signInFailed(record: AuditRecord): boolean {
  const operation = typeof record.Operation === "string" ? record.Operation.toLowerCase() : "";
  if (operation === "userloginfailed") return true;
  if (hasError(record.ErrorNumber) || hasError(record.ErrorCode)) return true;
  if (typeof record.LogonError === "string" && record.LogonError.trim() !== "") return true;
  return typeof record.ResultStatus === "string" && record.ResultStatus.toLowerCase() === "failed";
}

/** The lower-cased values a resultStatus filter matches this record by. */
export function resultStatusesOf(record: AuditRecord): string[] {
  if (isSignIn(record)) return signInFailed(record) ? FAILURE : SUCCESS;
  const status = record.ResultStatus;
  if (typeof status !== "string") return [];
  const lower = status.toLowerCase();
  return SUCCESS.includes(lower) ? SUCCESS : [lower];
}
