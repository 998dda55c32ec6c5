import { describe, expect, it } from "vitest";
import { O365Error } from "../../src/errors.js";
import { CONTENT_TYPE_DESCRIPTIONS, normalizeContentType } from "../../src/management/content-types.js";
import { CONTENT_TYPES } from "../../src/management/types.js";

describe("normalizeContentType", () => {
  it("maps any casing to the documented spelling", () => {
    expect(normalizeContentType("audit.exchange")).toBe("Audit.Exchange");
    expect(normalizeContentType("AUDIT.SHAREPOINT")).toBe("Audit.SharePoint");
    expect(normalizeContentType(" dlp.all ")).toBe("DLP.All");
  });

  it("rejects an unknown type with the valid list in the hint", () => {
    let err: unknown;
    try {
      normalizeContentType("Audit.Teams");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(O365Error);
    expect((err as O365Error).code).toBe("INVALID_CONTENT_TYPE");
    expect((err as O365Error).api).toBe("input");
    for (const ct of CONTENT_TYPES) expect((err as O365Error).hint).toContain(ct);
  });

  it("describes every content type", () => {
    expect(Object.keys(CONTENT_TYPE_DESCRIPTIONS).sort()).toEqual([...CONTENT_TYPES].sort());
  });
});
