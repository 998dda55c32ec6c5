import { describe, expect, it } from "vitest";
import { z } from "zod";
import { O365Error } from "../../src/errors.js";
import { definePaging, type PageArgs, resultFields } from "../../src/shape/page.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const env = { now: NOW, budgetBytes: 100_000 };
const state = z.object({ o: z.number() });
const plain = definePaging({ kind: "plain", noun: "rows", max: 100, state });
const carried = definePaging({
  kind: "carried",
  noun: "matches",
  max: 50,
  default: 10,
  state,
  free: ["fields"],
  carriesQuery: true,
});

function errorOf(fn: () => unknown): O365Error | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof O365Error) return e;
    throw e;
  }
  return undefined;
}

/** The cursor a first page with `args` hands out. */
function firstCursor(paging: typeof plain, args: PageArgs): string {
  const cursor = paging.open(args, env).end({ o: 1 }).nextCursor;
  if (!cursor) throw new Error("no cursor");
  return cursor;
}

describe("page cursor binding", () => {
  it("continues with the same arguments, whatever their key order, spacing or limit", () => {
    const cursor = firstCursor(plain, { user: "a@x.example", op: "Send" });
    const page = plain.open({ op: "Send ", user: "a@x.example", limit: 7, cursor }, env);
    expect(page.resumed).toEqual({ o: 1 });
    expect(page.limit).toBe(7);
  });

  it("refuses a cursor passed with other arguments, or with none", () => {
    const cursor = firstCursor(plain, { user: "a@x.example" });
    for (const args of [{ user: "b@x.example" }, {}, { user: "a@x.example", extra: true }]) {
      const error = errorOf(() => plain.open({ ...args, cursor }, env));
      expect(error?.code).toBe("INVALID_CURSOR");
      expect(error?.message).toBe("The cursor belongs to a different plain query.");
    }
  });

  it("refuses a cursor of another tool", () => {
    const cursor = firstCursor(carried, {});
    expect(errorOf(() => plain.open({ cursor }, env))?.message).toMatch(/another tool \(carried\)/);
  });

  it("lets a declared free argument change between pages", () => {
    const cursor = firstCursor(carried, { users: ["a"], fields: ["Operation"] });
    expect(carried.open({ users: ["a"], fields: ["*"], cursor }, env).resumed).toEqual({ o: 1 });
  });

  it("continues a cursor that carries its question from the cursor alone, keeping its binding", () => {
    const cursor = firstCursor(carried, { users: ["a"] });
    const second = carried.open({ cursor }, env);
    expect(second.resumed).toEqual({ o: 1 });
    const third = second.end({ o: 2 }).nextCursor;
    expect(carried.open({ users: ["a"], cursor: third }, env).resumed).toEqual({ o: 2 });
    expect(errorOf(() => carried.open({ users: ["b"], cursor: third }, env))?.code).toBe("INVALID_CURSOR");
  });

  it("words a mismatch the tool's way when it says so", () => {
    const own = definePaging({
      kind: "own",
      noun: "records",
      max: 10,
      state,
      mismatch: { message: "The cursor belongs to another blob.", hint: "Pass the same blob." },
    });
    const cursor = firstCursor(own, { contentId: "a" });
    const error = errorOf(() => own.open({ contentId: "b", cursor }, env));
    expect(error?.toUserText()).toBe(
      "[INVALID_CURSOR] The cursor belongs to another blob.\nHint: Pass the same blob.",
    );
  });
});

describe("page budget and paging fields", () => {
  it("cuts at the limit (or the default) and says so next to nextCursor", () => {
    const page = carried.open<{ n: number }>({}, env);
    for (let n = 0; n < 20 && page.add({ n }); n++);
    expect(page.rows).toHaveLength(10);
    const fields = page.end({ o: 10 });
    expect(fields.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fields.truncated).toBe(
      "Returned 10 matches (stopped at the requested limit); call again with the same arguments and cursor=nextCursor for more.",
    );
  });

  it("returns no paging fields at the end, and names a cut the budget did not see", () => {
    const page = plain.open<{ n: number }>({}, env);
    page.add({ n: 1 });
    expect(page.end(undefined)).toEqual({});
    expect(page.end({ o: 1 }).truncated).toBeUndefined();
    expect(page.end({ o: 1 }, "limit").truncated).toMatch(
      /^Returned 1 rows \(stopped at the requested limit\)/,
    );
  });

  it("describes limit, cursor and the result fields the same way for every tool", () => {
    expect(plain.input.limit.description).toBe("Most rows to return");
    expect(carried.input.limit.description).toBe("Most matches to return (default 10)");
    expect(plain.input.cursor.description).toBe("nextCursor of the last call");
    expect(carried.input.cursor.description).toMatch(/\(it carries the question\); fields may change$/);
    expect(Object.keys(resultFields("nextCursor", "notes"))).toEqual(["nextCursor", "notes"]);
  });
});
