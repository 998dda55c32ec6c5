import { describe, expect, it } from "vitest";
import { O365Error } from "../../src/errors.js";
import { apiWindow, checkWindow, formatApiTime, planWindows } from "../../src/management/windows.js";
import { parseTime } from "../../src/time.js";

const H = 3_600_000;
const t0 = new Date("2026-05-01T00:00:00Z");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof O365Error ? `${e.api}:${e.code}` : "other";
  }
  return undefined;
}

describe("planWindows", () => {
  it("splits 60 hours into 24 + 24 + 12 contiguous windows", () => {
    const w = planWindows(t0, new Date(t0.getTime() + 60 * H));
    expect(w.map((x) => (x.end.getTime() - x.start.getTime()) / H)).toEqual([24, 24, 12]);
    expect(w[1].start).toEqual(w[0].end);
    expect(w[2].end).toEqual(new Date(t0.getTime() + 60 * H));
  });

  it("keeps a short range as one window and honours a smaller maxHours", () => {
    expect(planWindows(t0, new Date(t0.getTime() + 3 * H))).toHaveLength(1);
    expect(planWindows(t0, new Date(t0.getTime() + 3 * H), 1)).toHaveLength(3);
  });

  it("returns no windows when end is not after start", () => {
    expect(planWindows(t0, t0)).toEqual([]);
    expect(planWindows(t0, new Date(t0.getTime() - H))).toEqual([]);
  });
});

describe("checkWindow", () => {
  const now = new Date("2026-05-10T12:00:00Z");

  it("passes a window inside the last 7 days unchanged", () => {
    const start = new Date("2026-05-09T00:00:00Z");
    const r = checkWindow({ start, end: now }, { now, onTooOld: "error" });
    expect(r).toEqual({ start, end: now, clamped: false });
  });

  it("clamps a start older than 7 days to just inside the retention and says so", () => {
    const r = checkWindow({ start: new Date("2026-04-20T00:00:00Z"), end: now }, { now, onTooOld: "clamp" });
    expect(r.clamped).toBe(true);
    expect(r.start.getTime()).toBeGreaterThan(now.getTime() - 7 * 24 * H);
    expect(r.start.getTime()).toBeLessThan(now.getTime() - 7 * 24 * H + 10 * 60_000);
    expect(r.note).toMatch(/7 days/);
  });

  it("refuses an old start when asked to error, and a window entirely past retention even when clamping", () => {
    const old = { start: new Date("2026-04-20T00:00:00Z"), end: now };
    expect(codeOf(() => checkWindow(old, { now, onTooOld: "error" }))).toBe("input:WINDOW_TOO_OLD");
    const gone = { start: new Date("2026-04-20T00:00:00Z"), end: new Date("2026-04-21T00:00:00Z") };
    expect(codeOf(() => checkWindow(gone, { now, onTooOld: "clamp" }))).toBe("input:WINDOW_TOO_OLD");
  });

  it("refuses an end that is not after the start", () => {
    expect(codeOf(() => checkWindow({ start: now, end: now }, { now, onTooOld: "clamp" }))).toBe(
      "input:INVALID_WINDOW",
    );
  });
});

describe("API time format", () => {
  it("formats as YYYY-MM-DDTHH:MM:SS in UTC without zone or fraction", () => {
    expect(formatApiTime(new Date("2026-05-01T08:09:10.123+02:00"))).toBe("2026-05-01T06:09:10");
  });

  it("reads ISO with offsets, zone-less times as UTC, and bare dates", () => {
    expect(parseTime("2026-05-01T08:00:00+02:00", "x").toISOString()).toBe("2026-05-01T06:00:00.000Z");
    expect(parseTime("2026-05-01T08:00", "x").toISOString()).toBe("2026-05-01T08:00:00.000Z");
    expect(parseTime("2026-05-01", "x").toISOString()).toBe("2026-05-01T00:00:00.000Z");
  });

  it("rejects garbage times with INVALID_TIME", () => {
    expect(codeOf(() => parseTime("yesterday", "startTime"))).toBe("input:INVALID_TIME");
    expect(codeOf(() => parseTime("2026-13-45T99:00:00Z", "startTime"))).toBe("input:INVALID_TIME");
  });

  it("apiWindow requires both bounds, start before end, at most 24 h", () => {
    expect(apiWindow(undefined, undefined)).toBeUndefined();
    expect(apiWindow("2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z")).toEqual({
      startTime: "2026-05-01T00:00:00",
      endTime: "2026-05-02T00:00:00",
    });
    expect(codeOf(() => apiWindow("2026-05-01T00:00:00Z", undefined))).toBe("input:INVALID_WINDOW");
    expect(codeOf(() => apiWindow("2026-05-02T00:00:00Z", "2026-05-01T00:00:00Z"))).toBe(
      "input:INVALID_WINDOW",
    );
    expect(codeOf(() => apiWindow("2026-05-01T00:00:00Z", "2026-05-02T00:00:01Z"))).toBe(
      "input:WINDOW_TOO_LONG",
    );
  });
});

describe("range bounds before planning", () => {
  const now = new Date("2026-05-01T12:00:00Z");
  it("refuses a range longer than 7 days and a day, so no window is planned for it", () => {
    const far = { start: new Date(now.getTime() - 3_600_000), end: new Date("9999-12-31T00:00:00Z") };
    expect(codeOf(() => checkWindow(far, { now, onTooOld: "error" }))).toBe("input:WINDOW_TOO_LONG");
    expect(codeOf(() => planWindows(far.start, far.end))).toBe("input:WINDOW_TOO_LONG");
    const eight = {
      start: new Date(now.getTime() - 7 * 86_400_000 + 600_000),
      end: new Date(now.getTime() + 86_400_000),
    };
    expect(checkWindow(eight, { now, onTooOld: "error" }).clamped).toBe(false);
  });
});
