// Which permission each content type needs (o365-api.md 1.2, 1.3): every operation needs ActivityFeed.Read,
// and anything touching DLP.All also needs ActivityFeed.ReadDlp, or the service answers 401 AF10001 with the
// observed "does not include the expected permission" text listing what the token carries.
import type { ManagementEnv } from "./env.js";
import { af } from "./errors.js";

const DLP_CONTENT_TYPE = "dlp.all";
const DLP_PERMISSION = "ActivityFeed.ReadDlp";

/** Throws AF10001 when the token lacks what `contentType` needs (content types compare case-insensitively). */
export function requireContentTypePermission(env: ManagementEnv, contentType: string): void {
  if (contentType.toLowerCase() !== DLP_CONTENT_TYPE) return;
  if (!env.permissions.includes(DLP_PERMISSION)) throw af.missingDlpPermission(env.permissions);
}
