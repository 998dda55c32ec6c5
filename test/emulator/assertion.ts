// Builds certificate client assertions by hand (o365-api.md 4.5) so the token endpoint is tested against the
// documented format, not against our client's implementation.
import {
  constants,
  createHash,
  createPrivateKey,
  createSign,
  randomUUID,
  X509Certificate,
} from "node:crypto";

export interface AssertionInput {
  certPem: string;
  keyPem: string;
  clientId: string;
  audience: string;
  alg?: "RS256" | "PS256";
  thumbprint?: "x5t" | "x5t#S256";
  nowSeconds?: number;
  lifetimeSeconds?: number;
}

export function splitPem(bundle: string): { certPem: string; keyPem: string } {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(bundle)?.[0];
  const key = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(
    bundle,
  )?.[0];
  if (!cert || !key) throw new Error("PEM bundle lacks a certificate or key");
  return { certPem: cert, keyPem: key };
}

export function clientAssertion(input: AssertionInput): string {
  const alg = input.alg ?? "PS256";
  const der = new X509Certificate(input.certPem).raw;
  const header: Record<string, string> = { alg, typ: "JWT" };
  if ((input.thumbprint ?? "x5t#S256") === "x5t#S256")
    header["x5t#S256"] = createHash("sha256").update(der).digest("base64url");
  else header.x5t = createHash("sha1").update(der).digest("base64url");
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload = {
    aud: input.audience,
    iss: input.clientId,
    sub: input.clientId,
    jti: randomUUID(),
    nbf: now,
    exp: now + (input.lifetimeSeconds ?? 600),
  };
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const signingInput = `${b64(header)}.${b64(payload)}`;
  const signer = createSign("RSA-SHA256").update(signingInput);
  const key = createPrivateKey(input.keyPem);
  const signature =
    alg === "PS256"
      ? signer.sign({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : signer.sign(key);
  return `${signingInput}.${signature.toString("base64url")}`;
}
