// GET /resources/dlpSensitiveTypes with its Accept-Language rules (o365-api.md 1.5.8).
import { type EmuResponse, jsonResponse } from "../routing.js";
import type { ManagementEnv } from "./env.js";
import { af } from "./errors.js";

const LANGUAGE_PATTERN = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*(\s*;\s*q=(0(\.\d{0,3})?|1(\.0{0,3})?))?$/;

const SENSITIVE_TYPES = [
  { id: "50842eb7-edc8-4019-85dd-5a5c1f2bb085", name: "CreditCardNumber" },
  { id: "a44669fe-0d48-453d-a9b1-2cc83f2cba77", name: "U.S. Social Security Number (SSN)" },
  { id: "e55e2a32-f92d-4985-a35d-a0b269eb687b", name: "International Banking Account Number (IBAN)" },
  { id: "a2ce32a8-f935-4bb6-8e96-2a5157672e2c", name: "U.S. / U.K. Passport Number" },
  { id: "cb353f78-2b72-4c3c-8827-92ebe4f69fdf", name: "ABA Routing Number" },
];

export function listDlpSensitiveTypes(env: ManagementEnv): EmuResponse {
  const header = env.req.headers["accept-language"];
  if (header !== undefined) {
    const value = Array.isArray(header) ? header.join(",") : header;
    if (value.includes(",")) throw af.manyLanguages();
    if (!LANGUAGE_PATTERN.test(value.trim())) throw af.badLanguage();
  }
  return jsonResponse(200, SENSITIVE_TYPES);
}
