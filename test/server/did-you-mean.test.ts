// The "did you mean" guess behind unknown-argument and unknown-tool errors.
import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../src/mcp/did-you-mean.js";

const MESSAGE_TRACE = [
  "senderAddress",
  "recipientAddress",
  "messageId",
  "messageTraceId",
  "subject",
  "subjectFilter",
  "status",
  "fromIP",
  "toIP",
  "startTime",
  "endTime",
  "$filter",
  "$select",
  "$orderby",
  "$top",
  "$format",
  "backend",
  "limit",
  "cursor",
];
const SEARCH = ["startTime", "endTime", "contentTypes", "operations", "users", "clientIps", "recordTypes"];

describe("closestName", () => {
  it.each([
    ["sender", "senderAddress"],
    ["SenderAddress", "senderAddress"],
    ["sender_address", "senderAddress"],
    ["StartDate", "startTime"],
    ["EndDate", "endTime"],
    ["filter", "$filter"],
    ["recipient", "recipientAddress"],
    ["subjet", "subject"],
    ["limt", "limit"],
    ["backnd", "backend"],
  ])("message_trace: %s -> %s", (typo, expected) => {
    expect(closestName(typo, MESSAGE_TRACE)).toBe(expected);
  });

  it.each([
    ["user", "users"],
    ["UserIds", "users"],
    ["operation", "operations"],
    ["record_type", "recordTypes"],
    ["clientIP", "clientIps"],
  ])("search_audit_log: %s -> %s", (typo, expected) => {
    expect(closestName(typo, SEARCH)).toBe(expected);
  });

  it("guesses nothing for a name unlike any argument", () => {
    expect(closestName("constructor", MESSAGE_TRACE)).toBeUndefined();
    expect(closestName("zzz", SEARCH)).toBeUndefined();
    expect(closestName("", SEARCH)).toBeUndefined();
    expect(closestName("\uD800", SEARCH)).toBeUndefined();
  });

  it("counts a transposition as one edit", () => {
    expect(editDistance("limit", "limti")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });
});
