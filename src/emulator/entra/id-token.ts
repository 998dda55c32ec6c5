// The id_token msal-node expects when `openid` is in the refresh grant's scope (v2 claims).
import { signJwt } from "../jwt.js";
import type { AppRegistration, DelegatedUser, EntraDirectory } from "./directory.js";

export interface IdTokenInput {
  app: AppRegistration;
  user: DelegatedUser;
  now: Date;
  loginOrigin: string;
}

export function issueIdToken(dir: EntraDirectory, input: IdTokenInput): string {
  const iat = Math.floor(input.now.getTime() / 1000);
  return signJwt(
    { kid: dir.keyId },
    {
      aud: input.app.clientId,
      iss: `${input.loginOrigin}/${dir.tenantId}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      name: input.user.name,
      oid: input.user.oid,
      preferred_username: input.user.upn,
      sub: input.user.oid,
      tid: dir.tenantId,
      ver: "2.0",
    },
    dir.signingKey,
  );
}
