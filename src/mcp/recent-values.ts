// Values seen in this server's recent tool results (users, senders, recipients, IPs), for argument
// completion: the model or the user fills a prompt argument from what the investigation already showed,
// with no new API call. Kept in memory per server, newest first, a bounded number per kind.

export type RecentKind = "user" | "sender" | "recipient" | "ip";

/** Values kept per kind; completion answers at most COMPLETIONS of them. */
const KEPT = 200;
const COMPLETIONS = 20;
/** Longer strings are not names or addresses worth offering. */
const MAX_CHARS = 320;

/** Which result fields feed which kind: audit records (o365-api.md 1.9) and message-trace rows. */
const FIELD_KINDS: Record<string, RecentKind[]> = {
  UserId: ["user"],
  MailboxOwnerUPN: ["user"],
  ClientIP: ["ip"],
  ActorIpAddress: ["ip"],
  ClientIPAddress: ["ip"],
  senderAddress: ["sender"],
  recipientAddress: ["recipient", "user"],
  fromIP: ["ip"],
};

/** The row arrays of the tool outputs that hold them. */
const ROW_ARRAYS = ["matches", "records", "rows"];

export interface RecentValues {
  /** Takes the users, senders, recipients and IPs out of a tool's structured output. */
  noteOutput(output: unknown): void;
  /** Seen values of `kind` matching what was typed: prefix matches first, then substring, newest first. */
  complete(kind: RecentKind, typed: string): string[];
}

/** A plain address or name: no control characters, not too long, not a JSON blob. */
function usable(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_CHARS &&
    !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/.test(value)
  );
}

export function createRecentValues(): RecentValues {
  const seen: Record<RecentKind, Map<string, string>> = {
    user: new Map(),
    sender: new Map(),
    recipient: new Map(),
    ip: new Map(),
  };
  const note = (kind: RecentKind, value: string) => {
    const key = value.toLowerCase();
    const map = seen[kind];
    map.delete(key);
    map.set(key, value);
    if (map.size > KEPT) map.delete(map.keys().next().value as string);
  };
  return {
    noteOutput(output) {
      if (!output || typeof output !== "object") return;
      for (const name of ROW_ARRAYS) {
        const rows = (output as Record<string, unknown>)[name];
        if (!Array.isArray(rows)) continue;
        for (const row of rows) {
          if (!row || typeof row !== "object") continue;
          for (const [field, kinds] of Object.entries(FIELD_KINDS)) {
            const value = (row as Record<string, unknown>)[field];
            if (usable(value)) for (const kind of kinds) note(kind, value);
          }
        }
      }
    },
    complete(kind, typed) {
      const want = typed.trim().toLowerCase();
      const newest = [...seen[kind].entries()].reverse();
      const prefix = newest.filter(([key]) => key.startsWith(want));
      const inside = want ? newest.filter(([key]) => !key.startsWith(want) && key.includes(want)) : [];
      return [...prefix, ...inside].slice(0, COMPLETIONS).map(([, value]) => value);
    },
  };
}
