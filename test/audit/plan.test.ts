import { describe, expect, it } from "vitest";
import { planSearch } from "../../src/audit/plan.js";
import { formatApiTime } from "../../src/management/windows.js";

const now = new Date("2026-11-27T12:00:00Z");

describe("planSearch", () => {
  it("lists blobs created up to the arrival horizon after the range, in windows of at most 24 h per content type", () => {
    const plan = planSearch(
      {
        start: new Date("2026-11-24T00:00:00Z"),
        end: new Date("2026-11-25T12:00:00Z"),
        contentTypes: ["Audit.Exchange", "Audit.General"],
        arrivalHorizonHours: 6,
      },
      now,
    );
    const exchange = plan.windows.filter((w) => w.contentType === "Audit.Exchange");
    expect(exchange.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      ["2026-11-24T00:00:00.000Z", "2026-11-25T00:00:00.000Z"],
      ["2026-11-25T00:00:00.000Z", "2026-11-25T18:00:00.000Z"],
    ]);
    expect(plan.windows).toHaveLength(4);
    expect(plan.arrivalHorizonHours).toBe(6);
    expect(plan.listedUntil.toISOString()).toBe("2026-11-25T18:00:00.000Z");
    expect(plan.contentMayArriveUntil).toBeUndefined();
  });

  it("defaults to the documented 24 h horizon, so a blob created a day after the range is listed", () => {
    const plan = planSearch(
      {
        start: new Date("2026-11-24T00:00:00Z"),
        end: new Date("2026-11-24T01:00:00Z"),
        contentTypes: ["Audit.AzureActiveDirectory"],
      },
      now,
    );
    expect(plan.arrivalHorizonHours).toBe(24);
    expect(plan.windows.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      ["2026-11-24T00:00:00.000Z", "2026-11-25T00:00:00.000Z"],
      ["2026-11-25T00:00:00.000Z", "2026-11-25T01:00:00.000Z"],
    ]);
  });

  it("with a zero horizon lists only the range itself", () => {
    const plan = planSearch(
      {
        start: new Date("2026-11-24T00:00:00Z"),
        end: new Date("2026-11-24T01:00:00Z"),
        contentTypes: ["DLP.All"],
        arrivalHorizonHours: 0,
      },
      now,
    );
    expect(plan.windows.map((w) => w.end.toISOString())).toEqual(["2026-11-24T01:00:00.000Z"]);
  });

  it("caps the listing at now and says until when content may still arrive", () => {
    const plan = planSearch(
      {
        start: new Date("2026-11-27T00:00:00Z"),
        end: new Date("2026-11-27T11:30:00Z"),
        contentTypes: ["DLP.All"],
      },
      now,
    );
    expect(plan.windows.at(-1)?.end.toISOString()).toBe(now.toISOString());
    expect(plan.listedUntil.toISOString()).toBe(now.toISOString());
    expect(plan.contentMayArriveUntil?.toISOString()).toBe("2026-11-28T11:30:00.000Z");
  });

  it("keeps the listing start inside the 7-day retention", () => {
    const plan = planSearch(
      {
        start: new Date("2026-11-20T11:00:00Z"),
        end: new Date("2026-11-21T00:00:00Z"),
        contentTypes: ["Audit.Exchange"],
      },
      now,
    );
    expect(plan.windows[0].start.getTime()).toBeGreaterThan(now.getTime() - 7 * 86_400_000);
  });

  it("plans nothing for a range in the future", () => {
    const plan = planSearch(
      {
        start: new Date("2026-11-28T00:00:00Z"),
        end: new Date("2026-11-28T01:00:00Z"),
        contentTypes: ["DLP.All"],
      },
      now,
    );
    expect(plan.windows).toEqual([]);
  });

  it("never plans a window that is empty once cut to whole seconds", () => {
    const at = new Date("2026-11-27T12:00:00.700Z");
    const plan = planSearch(
      { start: new Date(at.getTime() - 86_400_000), end: at, contentTypes: ["Audit.Exchange"] },
      at,
    );
    for (const w of plan.windows) {
      expect(formatApiTime(w.end) > formatApiTime(w.start)).toBe(true);
    }
    expect(plan.windows[0].start.toISOString()).toBe("2026-11-26T12:00:00.000Z");
    expect(plan.windows.at(-1)?.end.toISOString()).toBe("2026-11-27T12:00:01.000Z");
  });
});
