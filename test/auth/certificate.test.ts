import { createPrivateKey, generateKeyPairSync, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCertificateCredential } from "../../src/auth/certificate.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { O365Error } from "../../src/errors.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(async () => {
  await emu?.close();
});

const certOf = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];
const keyOf = (pem: string) =>
  pem.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/)![0];

describe("loadCertificateCredential", () => {
  it("computes the SHA-256 thumbprint and keeps the certificate for x5c", () => {
    const cred = loadCertificateCredential(emu.certPem);
    const expected = new X509Certificate(certOf(emu.certPem)).fingerprint256.replace(/:/g, "").toLowerCase();
    expect(cred.thumbprintSha256).toBe(expected);
    expect(cred.x5c).toContain("BEGIN CERTIFICATE");
    expect(cred.privateKey).toContain("BEGIN PRIVATE KEY");
  });

  it("decrypts an encrypted key with the password, and says what to set without it", () => {
    const encrypted = createPrivateKey(keyOf(emu.certPem)).export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "pw-1234",
    });
    const pem = `${certOf(emu.certPem)}\n${encrypted}`;
    expect(loadCertificateCredential(pem, "pw-1234").privateKey).toContain("BEGIN PRIVATE KEY");
    const e = (() => {
      try {
        loadCertificateCredential(pem, "wrong-pw");
      } catch (err) {
        return err as O365Error;
      }
    })();
    expect(e).toBeInstanceOf(O365Error);
    expect(e?.hint).toMatch(/O365_CLIENT_CERT_PASSWORD/);
    expect(`${e?.message} ${e?.hint}`).not.toContain("wrong-pw");
  });

  it("refuses a key that does not belong to the certificate", () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    expect(() => loadCertificateCredential(`${certOf(emu.certPem)}\n${other}`)).toThrow(/does not belong/);
  });

  it("refuses a PEM without a private key", () => {
    expect(() => loadCertificateCredential(certOf(emu.certPem))).toThrow(/certificate and its private key/);
  });
});
