import { describe, expect, it } from "vitest";
import { parseEmulatorArgs } from "../../src/emulator/cli.js";
import { blobBody } from "../../src/emulator/management/body-cache.js";
import type { ManagementEnv } from "../../src/emulator/management/env.js";
import type { EmuBlob } from "../../src/emulator/tenant/types.js";

function countingBlob(id: string, size: number) {
  const counter = { builds: 0 };
  const blob = {
    contentId: id,
    body: () => {
      counter.builds++;
      return `[${"x".repeat(size - 2)}]`;
    },
  } as unknown as EmuBlob;
  return { blob, counter };
}

const envWith = (bodyCacheBytes: number) =>
  ({ ctx: { tenant: {}, options: { bodyCacheBytes } } }) as unknown as ManagementEnv;

describe("emulator blob body cache", () => {
  it("rebuilds the body on every GET when off (the default)", () => {
    const env = envWith(0);
    const { blob, counter } = countingBlob("a$1", 100);
    blobBody(env, blob);
    blobBody(env, blob);
    expect(counter.builds).toBe(2);
  });

  it("serves the same body without rebuilding it when on", () => {
    const env = envWith(1000);
    const { blob, counter } = countingBlob("a$1", 100);
    const first = blobBody(env, blob);
    expect(blobBody(env, blob)).toBe(first);
    expect(counter.builds).toBe(1);
  });

  it("stays within its byte budget, evicting the least recently used body", () => {
    const env = envWith(250);
    const a = countingBlob("a$1", 100);
    const b = countingBlob("b$1", 100);
    const c = countingBlob("c$1", 100);
    blobBody(env, a.blob);
    blobBody(env, b.blob);
    blobBody(env, a.blob); // a is now the most recently used
    blobBody(env, c.blob); // evicts b
    blobBody(env, a.blob);
    blobBody(env, b.blob);
    expect(a.counter.builds).toBe(1);
    expect(b.counter.builds).toBe(2);
  });

  it("takes --body-cache-mb on the command line, in MiB", () => {
    expect(parseEmulatorArgs(["--body-cache-mb", "2"]).bodyCacheBytes).toBe(2 * 1024 * 1024);
    expect(parseEmulatorArgs([]).bodyCacheBytes).toBeUndefined();
    expect(() => parseEmulatorArgs(["--body-cache-mb", "-1"])).toThrow(/--body-cache-mb/);
  });
});
