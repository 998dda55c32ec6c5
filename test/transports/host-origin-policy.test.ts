import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "../../src/identifiers.js";
import { createHostCheck, createOriginCheck } from "../../src/transports/host-origin-policy.js";

describe("createHostCheck on a loopback bind", () => {
  const check = createHostCheck("127.0.0.1", 8123);

  it("accepts the loopback names with the bound port", () => {
    for (const h of ["127.0.0.1:8123", "localhost:8123", "LOCALHOST:8123", "[::1]:8123"])
      expect(check(h), h).toBe(true);
  });

  it("rejects other names, other ports, a missing port and a missing header", () => {
    for (const h of [
      "evil.example:8123",
      "127.0.0.1:80",
      "localhost",
      "127.0.0.1.evil.example:8123",
      "",
      undefined,
    ]) {
      expect(check(h), String(h)).toBe(false);
    }
  });

  it("accepts the bound host when it is another loopback address", () => {
    expect(createHostCheck("127.0.0.2", 9)("127.0.0.2:9")).toBe(true);
    expect(createHostCheck("::1", 9)("[::1]:9")).toBe(true);
  });
});

describe("createOriginCheck", () => {
  const check = createOriginCheck(["https://console.example.com"]);

  it("accepts no Origin, loopback origins on any port and configured origins", () => {
    for (const o of [
      undefined,
      "http://localhost:6274",
      "https://127.0.0.1",
      "http://[::1]:3000",
      "https://console.example.com",
      "https://console.example.com/",
    ]) {
      expect(check(o), String(o)).toBe(true);
    }
  });

  it("rejects foreign, look-alike, opaque and non-http origins", () => {
    for (const o of [
      "http://evil.example",
      "http://localhost.evil.example",
      "https://console.example.com.evil.example",
      "null",
      "file://",
      "chrome-extension://abc",
    ]) {
      expect(check(o), o).toBe(false);
    }
  });
});

describe("isLoopbackHost", () => {
  it("tells loopback binds from the rest", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "::", "10.0.0.5", "example.com"].some(isLoopbackHost)).toBe(false);
  });
});
