import { describe, expect, it } from "vitest";
import { compilePrefilter } from "../../src/audit/prefilter.js";

const text = JSON.stringify([
  {
    Id: "1",
    Operation: "New-InboxRule",
    UserId: "Victim@Contoso.com",
    ClientIP: "[2001:DB8::5]:443",
    RecordType: 1,
  },
]).toLowerCase();

describe("compilePrefilter", () => {
  it("has nothing to test without value filters", () => {
    expect(compilePrefilter({})).toBeUndefined();
  });

  it("says maybe when every filter has one of its values in the blob text", () => {
    const test = compilePrefilter({
      users: ["nobody@x", "VICTIM@contoso.com"],
      clientIps: ["2001:db8::5"],
      recordTypes: [1],
    });
    expect(test?.(text)).toBe(true);
  });

  it("rules a blob out when one filter has none of its values there", () => {
    expect(compilePrefilter({ users: ["victim@contoso.com"], operations: ["Set-Mailbox"] })?.(text)).toBe(
      false,
    );
    expect(compilePrefilter({ recordTypes: [15] })?.(text)).toBe(false);
  });

  it("does not use values JSON would escape, so it never rules out a possible match", () => {
    expect(compilePrefilter({ contains: 'say "hi"' })).toBeUndefined();
    expect(compilePrefilter({ users: ["ünïcode@x"] })).toBeUndefined();
  });
});
