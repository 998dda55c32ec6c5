import { describe, expect, it } from "vitest";
import { FetchBudget } from "../../src/audit/fetch-budget.js";

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Admits `bytes` and reports when it got through. */
function track(budget: FetchBudget, bytes: number | undefined, signal?: AbortSignal) {
  const state = { admitted: false, failed: undefined as unknown, release: () => {} };
  budget.admit(bytes, signal).then(
    (a) => {
      state.admitted = true;
      state.release = a.release;
    },
    (e: unknown) => {
      state.failed = e;
    },
  );
  return state;
}

describe("FetchBudget", () => {
  it("admits bodies while their bytes fit, and one body whenever nothing is held", async () => {
    const budget = new FetchBudget(1000);
    const a = track(budget, 400);
    const b = track(budget, 500);
    const c = track(budget, 200);
    await tick();
    expect([a.admitted, b.admitted, c.admitted]).toEqual([true, true, false]);
    expect(budget.heldBytes).toBe(900);
    a.release();
    await tick();
    expect(c.admitted).toBe(true);
    b.release();
    c.release();
    // Larger than the whole budget: admitted alone, never refused.
    const huge = track(budget, 5000);
    await tick();
    expect(huge.admitted).toBe(true);
    const after = track(budget, 10);
    await tick();
    expect(after.admitted).toBe(false);
    huge.release();
    huge.release(); // idempotent
    await tick();
    expect(after.admitted).toBe(true);
    expect(budget.heldBytes).toBe(10);
  });

  it("never lets small bodies overtake a large one waiting at the head (no starvation)", async () => {
    const budget = new FetchBudget(1000);
    const small = track(budget, 300);
    await tick();
    const large = track(budget, 900);
    const smalls = [track(budget, 100), track(budget, 100)];
    await tick();
    // 300 + 100 would fit, but the large body came first.
    expect(large.admitted).toBe(false);
    expect(smalls.map((s) => s.admitted)).toEqual([false, false]);
    small.release();
    await tick();
    expect(large.admitted).toBe(true);
    expect(smalls.map((s) => s.admitted)).toEqual([true, false]);
  });

  it("takes an unannounced body at the mean of the blobs seen (half the budget before any)", async () => {
    const budget = new FetchBudget(1000);
    expect(budget.estimate()).toBe(500);
    budget.observe(100);
    budget.observe(300);
    expect(budget.estimate()).toBe(200);
    const a = await budget.admit(undefined);
    expect(a.bytes).toBe(200);
  });

  it("drops a waiter whose search is cancelled and admits the next one", async () => {
    const budget = new FetchBudget(100);
    const first = track(budget, 100);
    const controller = new AbortController();
    const cancelled = track(budget, 100, controller.signal);
    const next = track(budget, 50);
    await tick();
    controller.abort();
    await tick();
    expect(cancelled.failed).toBeInstanceOf(Error);
    expect(next.admitted).toBe(false);
    first.release();
    await tick();
    expect(next.admitted).toBe(true);
    expect(cancelled.admitted).toBe(false);
    expect(budget.heldBytes).toBe(50);
  });
});
