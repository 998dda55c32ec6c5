// Paging (design.md section 8): every paged tool takes `limit` and `cursor`, cuts its rows at the limit or
// the output budget, and returns `nextCursor` with a note saying why it stopped. A cursor only continues
// the tool that minted it, called with the same arguments (cursor, limit and the tool's free ones aside).
import { z } from "zod";
import { createBudget, type OutputBudget, truncationNote } from "./budget.js";
import { cursorKey, encodeCursor, invalidCursor, keyedDigest, readCursor } from "./cursor.js";

/** A cursor older than this is refused: next links and listings it holds do not live longer. */
const DEFAULT_MAX_AGE_MS = 24 * 60 * 60_000;

/** Result fields with the same meaning in every tool; a tool spreads the ones it returns. */
const RESULT_FIELDS = {
  nextCursor: z
    .string()
    .optional()
    .describe("Pass back as cursor to continue; absent when everything was returned"),
  truncated: z.string().optional().describe("Why the result stopped early"),
  notes: z.array(z.string()).optional().describe("Caveats about the result and what to do next"),
};

export function resultFields<K extends keyof typeof RESULT_FIELDS>(
  ...names: K[]
): Pick<typeof RESULT_FIELDS, K> {
  const picked: Partial<typeof RESULT_FIELDS> = {};
  for (const name of names) Object.assign(picked, { [name]: RESULT_FIELDS[name] });
  return picked as Pick<typeof RESULT_FIELDS, K>;
}

export interface PagingSpec<S extends z.ZodType> {
  /** The tool's name: a cursor never continues another tool. */
  kind: string;
  /** What the rows are called in descriptions and notes: "rows", "blobs", "matches". */
  noun: string;
  max: number;
  /** Limit when the caller gives none; without it only the output budget cuts. */
  default?: number;
  /** Where the next page starts; carried in the cursor. */
  state: S;
  /** Arguments that may change between pages (cursor and limit always may). */
  free?: readonly string[];
  /** The state holds the whole question, so `cursor` alone continues it. */
  carriesQuery?: boolean;
  maxAgeMs?: number;
  /** What a cursor passed with other arguments is told, when the tool words it its own way. */
  mismatch?: { message: string; hint: string };
}

export type PageArgs = { cursor?: string; limit?: number } & Record<string, unknown>;

export interface Page<S, T> extends OutputBudget<T> {
  /** The cursor's state; undefined on the first page. */
  readonly resumed: S | undefined;
  readonly limit: number | undefined;
  /**
   * The paging fields of the result: nextCursor when `next` is given, and the truncated note when the
   * limit or the budget cut the rows (`reason` names a cut the budget did not see, e.g. an engine's).
   */
  end(next: S | undefined, reason?: "limit" | "budget"): { nextCursor?: string; truncated?: string };
}

export interface Paging<S> {
  /** The `limit` and `cursor` inputs, worded the same for every tool. */
  input: { limit: z.ZodOptional<z.ZodNumber>; cursor: z.ZodOptional<z.ZodString> };
  /** Decodes and checks the cursor (if any) and starts the budget of this call. */
  open<T>(args: PageArgs, env: PageEnv): Page<S, T>;
}

export interface PageEnv {
  now: Date;
  budgetBytes: number;
  /** O365_CURSOR_KEY (config.cursorKey): replicas that share it accept each other's cursors. */
  cursorKey?: string;
}

/** Normalised JSON: keys sorted, undefined dropped, strings trimmed, so equal questions hash equal. */
function normalise(value: unknown): unknown {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = normalise(v);
  }
  return out;
}

function boundArguments(args: PageArgs, free: readonly string[]): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key !== "cursor" && key !== "limit" && !free.includes(key) && value !== undefined) bound[key] = value;
  }
  return bound;
}

/** An HMAC of the tool and its normalised arguments: binds a cursor to the question that produced it. */
function bindingOf(key: Buffer | string, kind: string, bound: Record<string, unknown>): string {
  return keyedDigest(key, `arguments of ${kind}`, JSON.stringify(normalise(bound)));
}

function describeCursor(spec: PagingSpec<z.ZodType>): string {
  const free = spec.free?.length ? `; ${spec.free.join(", ")} may change` : "";
  return spec.carriesQuery
    ? `nextCursor of the last call (it carries the question)${free}`
    : `nextCursor of the last call${free}`;
}

export function definePaging<S extends z.ZodType>(spec: PagingSpec<S>): Paging<z.infer<S>> {
  const free = spec.free ?? [];
  const byDefault = spec.default === undefined ? "" : ` (default ${spec.default})`;
  return {
    input: {
      limit: z
        .number()
        .int()
        .min(1)
        .max(spec.max)
        .optional()
        .describe(`Most ${spec.noun} to return${byDefault}`),
      cursor: z.string().optional().describe(describeCursor(spec)),
    },
    open<T>(args: PageArgs, env: PageEnv): Page<z.infer<S>, T> {
      const key = cursorKey(env.cursorKey);
      const bound = boundArguments(args, free);
      let binding: string | undefined = bindingOf(key, spec.kind, bound);
      let resumed: z.infer<S> | undefined;
      if (args.cursor !== undefined) {
        const cursor = readCursor(spec.kind, args.cursor, spec.state, {
          now: env.now,
          maxAgeMs: spec.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
          key,
        });
        // A cursor that carries its question continues it when no other argument is given.
        const alone = spec.carriesQuery === true && Object.keys(bound).length === 0;
        if (alone) binding = cursor.binding;
        else if (cursor.binding !== binding) {
          throw invalidCursor(
            spec.mismatch?.message ?? `The cursor belongs to a different ${spec.kind} query.`,
            spec.mismatch?.hint,
          );
        }
        resumed = cursor.state;
      }
      const limit = args.limit ?? spec.default;
      const budget = createBudget<T>({ budgetBytes: env.budgetBytes, limit });
      return {
        resumed,
        limit,
        add: (row) => budget.add(row),
        get full() {
          return budget.full;
        },
        rows: budget.rows,
        get bytes() {
          return budget.bytes;
        },
        get reason() {
          return budget.reason;
        },
        end(next, reason = budget.reason) {
          if (next === undefined) return {};
          return {
            nextCursor: encodeCursor(spec.kind, next, env.now, binding, key),
            ...(reason ? { truncated: truncationNote(reason, budget.rows.length, spec.noun) } : {}),
          };
        },
      };
    },
  };
}
