// Exponential backoff between retries (design.md section 5), shared by the HTTP client and MSAL's
// network client: base * 2^attempt, capped, and jittered when a random source is given.

export interface BackoffPolicy {
  /** Wait before the first retry, ms. */
  baseMs: number;
  maxMs?: number;
  /** Jitter: scales the wait into [50 %, 100 %] so parallel callers do not retry in step. Omitted: exact. */
  random?: () => number;
}

/** How long to wait before retry number `attempt` + 1 (attempt counts from 0), ms. */
export function backoffDelay(attempt: number, policy: BackoffPolicy): number {
  const exponential = Math.min(policy.maxMs ?? Number.POSITIVE_INFINITY, policy.baseMs * 2 ** attempt);
  return policy.random ? exponential * (0.5 + policy.random() / 2) : exponential;
}
