// Prompt arguments completed from the values recent tool results showed (src/mcp/recent-values.ts): the
// users, senders, recipients and IPs of the investigation so far, without a new API call.
import { completable } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { RecentKind, RecentValues } from "../src/mcp/recent-values.js";

/** An optional string argument completed from recent values of `kind`. */
export function seenArg(recent: RecentValues, kind: RecentKind, description: string) {
  // v2 reads completion metadata under an outer optional (see since.ts).
  return completable(z.string().describe(description), (value) =>
    recent.complete(kind, value ?? ""),
  ).optional();
}

/** A required one. */
export function requiredSeenArg(recent: RecentValues, kind: RecentKind, description: string) {
  return completable(z.string().min(1).describe(description), (value) => recent.complete(kind, value ?? ""));
}
