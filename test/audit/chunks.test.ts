import { describe, expect, it } from "vitest";
import {
  chunkTableFromJson,
  chunkTableToJson,
  compressLines,
  decompressRecords,
} from "../../src/audit/chunks.js";
import { parsedBlobRecords } from "../../src/management/blob-records.js";
import { record } from "./fake-management.js";

const records = Array.from({ length: 100 }, (_, i) =>
  record({ Id: `r${i}`, CreationTime: "2026-11-26T09:00:00", Note: `${i}:${"n".repeat(2000)}` }),
);

describe("chunked record storage", () => {
  it("gives back every record text when all are selected", async () => {
    const chunked = await compressLines(parsedBlobRecords(records));
    expect(chunked.ends.length).toBeGreaterThan(2);
    expect(await decompressRecords(chunked, "all")).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it("decompresses only the chunk holding a selected record", async () => {
    const chunked = await compressLines(parsedBlobRecords(records));
    const lines = await decompressRecords(chunked, [50]);
    expect(lines?.[50]).toBe(JSON.stringify(records[50]));
    expect(lines?.[0]).toBeUndefined();
    expect(lines?.[99]).toBeUndefined();
    const decoded = lines?.filter((l) => l !== undefined).length ?? 0;
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(records.length);
  });

  it("stores an empty blob as no chunks", async () => {
    const chunked = await compressLines(parsedBlobRecords([]));
    expect(await decompressRecords(chunked, "all")).toEqual([]);
  });

  it("round-trips its chunk table and rejects one that does not fit the data", async () => {
    const chunked = await compressLines(parsedBlobRecords(records));
    const table = chunkTableToJson(chunked);
    const back = chunkTableFromJson(table, chunked.data, 100);
    expect(await decompressRecords(back ?? chunked, [99])).toBeDefined();
    expect(chunkTableFromJson(table, chunked.data.subarray(1), 100)).toBeUndefined();
    expect(chunkTableFromJson(table, chunked.data, 5)).toBeUndefined();
    expect(chunkTableFromJson({ e: "x" }, chunked.data, 100)).toBeUndefined();
  });

  it("reports damaged bytes as undefined rather than wrong records", async () => {
    const chunked = await compressLines(parsedBlobRecords(records));
    const damaged = { ...chunked, data: Buffer.alloc(chunked.data.length, 0xff) };
    expect(await decompressRecords(damaged, [0])).toBeUndefined();
  });
});
