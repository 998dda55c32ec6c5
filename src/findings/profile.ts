// Per-user IP history over the records a scan read: when each (user, IP) pair was first seen in a
// successful record, and when the user was first seen at all. "New IP" means new within what was read:
// the window has no memory of earlier weeks, so a user needs some history in the window (baselineHours)
// before any IP can be new for them, and an address shared by several users is the office's; findings say so.
import { signInFailed } from "../audit/outcome.js";
import type { AuditRecord } from "../management/types.js";
import { ipOf, recordTime, userOf } from "./record-fields.js";

export interface UserIpProfile {
  /** First time the user was seen in a successful record from this IP (epoch ms), if ever. */
  firstSeen(user: string, ip: string): number | undefined;
  /** First time the user was seen at all (epoch ms). */
  firstActivity(user: string): number | undefined;
  /**
   * True when `ip` is new for `user` at `time`: first seen at most `recentMs` before `time`, and at least
   * `baselineMs` after the user's first activity from another IP.
   */
  isNewIp(user: string, ip: string, time: number, opts: { baselineMs: number; recentMs: number }): boolean;
}

/** An address several users come from is the organization's own egress (office NAT, VPN), never "new". */
export const SHARED_IP_USERS = 3;

export function buildProfile(records: readonly AuditRecord[]): UserIpProfile {
  const first = new Map<string, Map<string, number>>();
  const activity = new Map<string, number>();
  for (const record of records) {
    const user = userOf(record);
    const time = recordTime(record);
    if (user === "" || Number.isNaN(time)) continue;
    const known = activity.get(user);
    if (known === undefined || time < known) activity.set(user, time);
    const ip = ipOf(record);
    // A failed sign-in proves nothing about where the user really is.
    if (ip === undefined || signInFailed(record)) continue;
    let ips = first.get(user);
    if (!ips) {
      ips = new Map();
      first.set(user, ips);
    }
    const seen = ips.get(ip);
    if (seen === undefined || time < seen) ips.set(ip, time);
  }
  const usersOfIp = new Map<string, number>();
  // Each user's two earliest IPs: the earliest other than any given IP is one of them (O(1) per question).
  const earliest = new Map<string, { ip: string; time: number }[]>();
  for (const [user, ips] of first) {
    const two: { ip: string; time: number }[] = [];
    for (const [ip, time] of ips) {
      usersOfIp.set(ip, (usersOfIp.get(ip) ?? 0) + 1);
      if (two.length < 2 || time < two[1].time) {
        two.push({ ip, time });
        two.sort((a, b) => a.time - b.time);
        two.length = Math.min(two.length, 2);
      }
    }
    earliest.set(user, two);
  }
  const firstSeen = (user: string, ip: string) => first.get(user)?.get(ip);
  return {
    firstSeen,
    firstActivity: (user) => activity.get(user),
    isNewIp(user, ip, time, { baselineMs, recentMs }) {
      const seen = firstSeen(user, ip);
      if (seen === undefined || seen > time || seen < time - recentMs) return false;
      if ((usersOfIp.get(ip) ?? 0) >= SHARED_IP_USERS) return false;
      const earliestOther = earliest.get(user)?.find((e) => e.ip !== ip)?.time;
      return earliestOther !== undefined && seen - earliestOther >= baselineMs;
    },
  };
}
