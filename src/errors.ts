import type { Api } from "./config/types.js";

export type O365ErrorApi = Api | "auth" | "config" | "input";

export interface O365ErrorInit {
  api: O365ErrorApi;
  /** HTTP status when the error came from a response. */
  status?: number;
  /** Service code (AF20022, AADSTS7000215, "429", ErrorCode...) or one of ours (HOST_NOT_ALLOWED, TIMEOUT...). */
  code: string;
  message: string;
  /** What the user should do about it, in one or two sentences. */
  hint: string;
  retryable?: boolean;
  /** Server-suggested wait before a retry, ms. */
  retryAfterMs?: number;
  requestId?: string;
  cause?: unknown;
}

/** The one error type every layer throws; tools turn it into an isError result (message + hint). */
export class O365Error extends Error {
  readonly api: O365ErrorApi;
  readonly status?: number;
  readonly code: string;
  readonly hint: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly requestId?: string;

  constructor(init: O365ErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "O365Error";
    this.api = init.api;
    this.status = init.status;
    this.code = init.code;
    this.hint = init.hint;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
  }

  /** One line for a user: "[AF20022] No subscription found... Hint: ..." */
  toUserText(): string {
    const status = this.status === undefined ? "" : ` (HTTP ${this.status})`;
    return `[${this.code}]${status} ${this.message}\nHint: ${this.hint}`;
  }
}

export function isO365Error(e: unknown): e is O365Error {
  return e instanceof O365Error;
}
