// Certificate credential from one PEM holding certificate + private key (o365-api.md 4.5): MSAL needs the
// SHA-256 thumbprint (x5t#S256), an unencrypted private key, and the certificate for x5c.
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { O365Error } from "../errors.js";

export interface CertificateCredential {
  thumbprintSha256: string;
  privateKey: string;
  x5c: string;
  notAfter: Date;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/;

function certError(message: string, hint: string, cause?: unknown): O365Error {
  return new O365Error({ api: "auth", code: "CERT_INVALID", message, hint, cause });
}

export function loadCertificateCredential(pem: string, password?: string): CertificateCredential {
  const certs = pem.match(CERT_BLOCK) ?? [];
  const keyBlock = KEY_BLOCK.exec(pem)?.[0];
  if (certs.length === 0 || !keyBlock) {
    throw certError(
      "The certificate file must hold a PEM certificate and its private key.",
      "Put both blocks in O365_CLIENT_CERT_FILE (e.g. cat cert.pem key.pem > client.pem).",
    );
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certs[0]!);
  } catch (e) {
    throw certError(
      "The certificate in O365_CLIENT_CERT_FILE cannot be parsed.",
      "Export the certificate as PEM.",
      e,
    );
  }
  let privateKey: string;
  try {
    const key = createPrivateKey({ key: keyBlock, passphrase: password });
    privateKey = key.export({ type: "pkcs8", format: "pem" }).toString();
    const fromKey = createPublicKey(key).export({ type: "spki", format: "der" });
    const fromCert = cert.publicKey.export({ type: "spki", format: "der" });
    if (!fromKey.equals(fromCert)) {
      throw certError(
        "The private key does not belong to the certificate in O365_CLIENT_CERT_FILE.",
        "Use the key that was generated with this certificate.",
      );
    }
  } catch (e) {
    if (e instanceof O365Error) throw e;
    throw certError(
      "The private key in O365_CLIENT_CERT_FILE cannot be read.",
      "If the key is encrypted, set O365_CLIENT_CERT_PASSWORD to its password.",
      e,
    );
  }
  return {
    thumbprintSha256: cert.fingerprint256.replace(/:/g, "").toLowerCase(),
    privateKey,
    x5c: certs.join("\n"),
    notAfter: new Date(cert.validTo),
  };
}
