import { describe, expect, it } from "vitest";
import { decodeDetailData } from "../../src/messagetrace/detail-data.js";

describe("decodeDetailData", () => {
  it("decodes the URI-escaped legacy XML into key/values", () => {
    const xml =
      '<root><MEP Name="ServerHostName" String="AM0PR01MB1234"/><MEP Name="SCL" Integer="5"/><MEP Name="Size" Long="33435"/></root>';
    expect(decodeDetailData(encodeURIComponent(xml))).toEqual({
      ServerHostName: "AM0PR01MB1234",
      SCL: "5",
      Size: "33435",
    });
  });

  it("reads Graph's plain XML and decodes entities", () => {
    expect(
      decodeDetailData('<root><MEP Name="Subject" String="a &amp; b &lt;c&gt; &#39;d&#x27;"/></root>'),
    ).toEqual({
      Subject: "a & b <c> 'd'",
    });
  });

  it("joins repeated names and ignores junk without throwing", () => {
    expect(decodeDetailData('<root><MEP Name="X" String="1"/><MEP Name="X" String="2"/></root>')).toEqual({
      X: "1; 2",
    });
    expect(decodeDetailData("%E0%A4%A")).toBeUndefined();
    expect(decodeDetailData("not xml")).toBeUndefined();
    expect(decodeDetailData('<root><MEP Name="__proto__" String="p"/></root>')).toBeUndefined();
    expect(decodeDetailData(null)).toBeUndefined();
  });
});
