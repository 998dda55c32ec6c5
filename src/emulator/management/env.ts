// What every Management Activity API operation gets: the request, the shared emulator context and the API state.
import type { EmuContext, EmuRequest } from "../routing.js";
import type { ManagementState } from "./state.js";

export interface ManagementEnv {
  req: EmuRequest;
  ctx: EmuContext;
  state: ManagementState;
  /** The tenant GUID as written in the URL path. */
  pathTenant: string;
  /** PEM the emulator trusts when it calls webhooks (its own CA). */
  webhookCa: string;
  /** Keys the opaque nextPage tokens so forged ones fail with AF20031. */
  pageSecret: string;
  /** The permissions of the verified token (roles or scp), filled in by the bearer check. */
  permissions: string[];
  /** The token's appid claim (the onboarding error names the application). */
  appId: string;
}

export function feedRoot(env: ManagementEnv): string {
  return `${env.ctx.origins.management}/api/v1.0/${env.pathTenant}/activity/feed`;
}
