// The emulator's certificate authority: clients trust the emulator through this CA (a CA option), never by
// turning TLS verification off.
import { generate } from "selfsigned";

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface EmulatorPki {
  caCertPem: string;
  /** A TLS server certificate for the given hosts (IPs or DNS names), signed by the CA. */
  issueServerCertificate(hosts: string[]): Promise<IssuedCertificate>;
}

const IP_PATTERN = /^[0-9.]+$|:/;

export async function createPki(): Promise<EmulatorPki> {
  const ca = await generate([{ name: "commonName", value: "office365-mcp emulator CA" }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return {
    caCertPem: ca.cert,
    async issueServerCertificate(hosts) {
      const issued = await generate([{ name: "commonName", value: hosts[0] ?? "localhost" }], {
        keySize: 2048,
        algorithm: "sha256",
        notAfterDate: new Date(Date.now() + 30 * 86_400_000),
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: "basicConstraints", cA: false },
          { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
          { name: "extKeyUsage", serverAuth: true },
          {
            name: "subjectAltName",
            altNames: hosts.map((h) =>
              IP_PATTERN.test(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h },
            ),
          },
        ],
      });
      return { certPem: issued.cert, keyPem: issued.private };
    },
  };
}

/** A self-signed client certificate for the certificate-credential app (o365-api.md 4.5: RSA >= 2048 bits). */
export async function createClientCertificate(commonName: string): Promise<IssuedCertificate> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 365 * 86_400_000),
  });
  return { certPem: pems.cert, keyPem: pems.private };
}
