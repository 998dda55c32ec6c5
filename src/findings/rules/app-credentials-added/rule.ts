// A secret or certificate added to a service principal or application: persistence that survives a
// password reset of every user.
import { perRecord } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

const OPERATIONS = [
  "Add service principal credentials.",
  "Update application – Certificates and secrets management",
];

export default defineRule({
  id: "app-credentials-added",
  title: "Credentials added to an application or service principal",
  severity: "high",
  mitre: { id: "T1098.001", name: "Account Manipulation: Additional Cloud Credentials" },
  operations: OPERATIONS,
  params: {},
  detect: perRecord((record) => ({
    values: { user: userOf(record), target: String(record.ObjectId ?? "(unnamed)") },
  })),
  reason: ({ values: v }) => `${v.user} added credentials to application ${v.target}.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], operations: OPERATIONS }),
});
