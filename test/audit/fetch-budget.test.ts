import { describe, expect, it } from "vitest";
import { FetchBudget } from "../../src/audit/fetch-budget.js";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("FetchBudget", () => {
  it("always lets one fetch run, then admits by the mean size of the blobs seen", async () => {
    const budget = new FetchBudget(1000);
    await budget.acquire();
    let second = false;
    void budget.acquire().then(() => {
      second = true;
    });
    await tick();
    // Nothing seen yet: two fetches probe the blob size.
    expect(second).toBe(true);
    let probe = false;
    void budget.acquire().then(() => {
      probe = true;
    });
    await tick();
    expect(probe).toBe(false);
    budget.release(600);
    budget.release(600);
    await tick();
    expect(probe).toBe(true); // alone again: admitted
    let third = false;
    void budget.acquire().then(() => {
      third = true;
    });
    await tick();
    expect(third).toBe(false); // 2 x 600 > 1000
    budget.release(600);
    await tick();
    expect(third).toBe(true);
  });

  it("lets a waiting fetch through when the search is aborted, so it can fail and release", async () => {
    const budget = new FetchBudget(100);
    await budget.acquire();
    budget.release(500);
    await budget.acquire();
    const controller = new AbortController();
    let admitted = false;
    void budget.acquire(controller.signal).then(() => {
      admitted = true;
    });
    controller.abort();
    budget.release(500);
    await tick();
    expect(admitted).toBe(true);
  });
});
