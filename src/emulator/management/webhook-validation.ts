// The synchronous webhook validation POST the service sends on /subscriptions/start (o365-api.md 1.5.2).
import { randomUUID } from "node:crypto";
import { request } from "node:https";

const VALIDATION_TIMEOUT_MS = 5000;

/** True when the listener answered 200; anything else (status, TLS error, timeout) fails validation. */
export function validateWebhook(address: string, authId: string, ca: string): Promise<boolean> {
  const code = randomUUID().replace(/-/g, "");
  const body = JSON.stringify({ validationCode: code });
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      resolve(false);
      return;
    }
    const headers: Record<string, string> = {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(body)),
      "Webhook-ValidationCode": code,
    };
    if (authId) headers["Webhook-AuthID"] = authId;
    const req = request(url, { method: "POST", headers, ca, timeout: VALIDATION_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
      res.on("error", () => resolve(false));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(false));
    req.end(body);
  });
}
