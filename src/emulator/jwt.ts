// Minimal JWS (compact JWT) signing and verification with node:crypto: RS256 for the tokens the emulator
// issues, RS256 and PS256 for client assertions (o365-api.md 4.5).
import { constants, createSign, createVerify, type KeyObject } from "node:crypto";

export type JwtAlgorithm = "RS256" | "PS256";

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
  alg: JwtAlgorithm = "RS256",
): string {
  const signingInput = `${base64url(JSON.stringify({ ...header, alg, typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
  const signer = createSign("RSA-SHA256");
  signer.update(signingInput);
  const signature =
    alg === "PS256"
      ? signer.sign({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : signer.sign(key);
  return `${signingInput}.${base64url(signature)}`;
}

/** Splits and parses a compact JWT; undefined when it is not one. Does not verify anything. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return {
      header,
      payload,
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], "base64url"),
    };
  } catch {
    return undefined;
  }
}

export function verifyJwtSignature(jwt: DecodedJwt, key: KeyObject, allowed: JwtAlgorithm[]): boolean {
  const alg = jwt.header.alg;
  if (alg !== "RS256" && alg !== "PS256") return false;
  if (!allowed.includes(alg)) return false;
  const verifier = createVerify("RSA-SHA256");
  verifier.update(jwt.signingInput);
  try {
    return alg === "PS256"
      ? verifier.verify(
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
          jwt.signature,
        )
      : verifier.verify(key, jwt.signature);
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
