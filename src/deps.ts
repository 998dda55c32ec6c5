import type { AuditSearch } from "./audit/types.js";
import type { Config } from "./config/types.js";
import type { FindingsAnswer } from "./findings/types.js";
import type { HttpClient, TokenProvider } from "./http/types.js";
import type { ManagementClient } from "./management/types.js";
import type { MessageTraceClient } from "./messagetrace/types.js";
import type { QuestionCache } from "./question-cache.js";
import type { MailCache } from "./timeline/mail-cache.js";

/** Writes one line of text (stderr by default); never receives secrets. */
export type LineSink = (line: string) => void;

/** Everything the MCP layer needs, built once per process by createDeps (src/wiring.ts). */
export interface ServerDeps {
  config: Config;
  tokens: TokenProvider;
  http: HttpClient;
  management: ManagementClient;
  messageTrace: MessageTraceClient;
  /** Audit search engine with its content cache (src/audit). */
  audit: AuditSearch;
  /** build_timeline's message-trace answers, so its pages cost no new trace requests (src/timeline). */
  timelineMail?: MailCache;
  /** find_suspicious_activity's answers per question, so its pages make no new requests (src/findings). */
  findingsAnswers?: QuestionCache<FindingsAnswer>;
  /** Injectable clock so tests can move time. */
  now: () => Date;
  /** Diagnostic log lines (stderr in stdio mode). */
  log: LineSink;
  close(): Promise<void>;
}
