import { describe } from "vitest";
import rule from "../../../src/findings/rules/mass-delete/rule.js";
import { activity, ruleCases } from "../rule-cases.js";

const deletes = (count: number, items: number, operation = "HardDelete") =>
  Array.from({ length: count }, (_, i) =>
    activity({
      minutes: i,
      ip: "192.0.2.10",
      operation,
      extra: { AffectedItems: Array.from({ length: items }, () => ({})) },
    }),
  );

describe("mass-delete", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "100 items hard-deleted in 10 minutes",
        records: deletes(10, 10),
        findings: 1,
        reason: /deleted 100 items/,
      },
    ],
    negative: [{ name: "a few soft deletes", records: deletes(3, 1, "SoftDelete"), findings: 0 }],
    boundary: [
      { name: "exactly 50 items", records: deletes(5, 10), findings: 1 },
      { name: "49 items", records: [...deletes(4, 10), ...deletes(1, 9)], findings: 0 },
    ],
  });
});
