// The user/IP profile behind every "new IP" rule: its answers equal a plain scan of the records.
import { describe, expect, it } from "vitest";
import { buildProfile } from "../../src/findings/profile.js";
import { recordTime } from "../../src/findings/record-fields.js";
import { activity, DOMAIN } from "./rule-cases.js";

describe("buildProfile().isNewIp", () => {
  it("answers as a scan of the user's other IPs would, for every user, IP and time", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const users = ["alice", "bob", "carol", "dave"].map((u) => `${u}@${DOMAIN}`);
    const ips = Array.from({ length: 12 }, (_, i) => `203.0.113.${i + 1}`);
    const records = Array.from({ length: 400 }, () =>
      activity({ minutes: random(5 * 24 * 60), ip: ips[random(ips.length)], user: users[random(4)] }),
    );
    const profile = buildProfile(records);
    const opts = { baselineMs: 24 * 3_600_000, recentMs: 6 * 3_600_000 };
    // The definition, record by record: first seen recently, shared by fewer than three users, and a day
    // after the user's earliest other IP.
    const firstOf = (user: string, ip: string) =>
      Math.min(
        ...records.filter((r) => r.UserId === user && r.ClientIP === ip).map(recordTime),
        Number.POSITIVE_INFINITY,
      );
    const expected = (user: string, ip: string, time: number) => {
      const seen = firstOf(user, ip);
      if (!Number.isFinite(seen) || seen > time || seen < time - opts.recentMs) return false;
      if (users.filter((u) => Number.isFinite(firstOf(u, ip))).length >= 3) return false;
      const other = Math.min(...ips.filter((o) => o !== ip).map((o) => firstOf(user, o)));
      return Number.isFinite(other) && seen - other >= opts.baselineMs;
    };
    let newOnes = 0;
    for (const r of records) {
      const user = String(r.UserId);
      const ip = String(r.ClientIP);
      const answer = profile.isNewIp(user, ip, recordTime(r), opts);
      expect(answer, `${user} ${ip} ${r.CreationTime}`).toBe(expected(user, ip, recordTime(r)));
      if (answer) newOnes++;
    }
    expect(newOnes).toBeGreaterThan(0);
  });
});
