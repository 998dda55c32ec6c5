// How a cached blob's records are compressed: one compact JSON text per record, newline-separated, in
// independently inflatable raw-deflate chunks of ~64 KB. Deflate only looks 32 KB back, so chunking costs little ratio,
// and a warm search decompresses just the chunks holding candidate records (summary.ts), not the blob.
import { promisify } from "node:util";
import { constants, createDeflateRaw, inflateRaw } from "node:zlib";
import { z } from "zod";
import type { BlobRecords } from "../management/blob-records.js";
import type { RecordSelection } from "./summary.js";

const inflateAsync = promisify(inflateRaw);

/** Bytes per chunk: two deflate windows (fewer chunk starts without history: ~9% smaller at level 1, and fewer flushes), small enough for V8's young generation. */
const CHUNK_BYTES = 64 * 1024;

export interface ChunkedRecords {
  /** The chunks' compressed bytes, back to back. */
  data: Buffer;
  /** Per chunk: where its bytes end in data. */
  ends: Uint32Array;
  /** Per chunk: the index of its first record. */
  firsts: Uint32Array;
  /** Per chunk: its text's size in bytes, inflated (what reading it costs in memory). */
  sizes: Uint32Array;
  count: number;
}

/** What compression reads: each record's compact JSON line (blob-records.ts), by length and in runs. */
export type RecordLines = Pick<BlobRecords, "count" | "lineBytes" | "joinedLines">;

/**
 * Compresses record lines (each one record's compact JSON, newline-separated) as one deflate stream
 * with a full flush after every chunk: a full flush resets the compressor's history and byte-aligns the
 * output, so each chunk's bytes inflate on their own (one stream costs half the CPU of a zlib call per
 * chunk). Every chunk is handed to zlib before the first await; zlib reads it in place (a view of the served
 * body when its records are served compact), so the body stays referenced until compression is done.
 */
export async function compressLines(lines: RecordLines): Promise<ChunkedRecords> {
  const count = lines.count;
  const deflate = createDeflateRaw({ level: 1 });
  const out: Buffer[] = [];
  let total = 0;
  const ends: number[] = [];
  const firsts: number[] = [];
  const sizes: number[] = [];
  // 'data' is emitted as zlib produces output, before the callback of the flush that produced it.
  deflate.on("data", (chunk: Buffer) => {
    out.push(chunk);
    total += chunk.length;
  });
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  let size = 0;
  for (let i = 0; i < count; i++) {
    if (size === 0) firsts.push(i);
    size += lines.lineBytes(i) + 1;
    if (size >= CHUNK_BYTES || i === count - 1) {
      sizes.push(size - 1);
      deflate.write(lines.joinedLines(firsts[firsts.length - 1], i));
      deflate.flush(constants.Z_FULL_FLUSH, () => ends.push(total));
      size = 0;
    }
  }
  deflate.end();
  await done;
  if (ends.length !== firsts.length) throw new Error("deflate did not flush every chunk");
  // The bytes after the last flush only close the stream; chunks never need them.
  const data = Buffer.from(Buffer.concat(out).subarray(0, ends.at(-1) ?? 0));
  return {
    data,
    ends: Uint32Array.from(ends),
    firsts: Uint32Array.from(firsts),
    sizes: Uint32Array.from(sizes),
    count,
  };
}

/** The chunks holding the selected records. */
function touchedChunks(chunks: ChunkedRecords, selection: RecordSelection): Set<number> {
  const wanted = new Set<number>();
  if (selection === "all") for (let k = 0; k < chunks.ends.length; k++) wanted.add(k);
  else for (const i of selection) wanted.add(chunkOf(chunks.firsts, i));
  return wanted;
}

/** Bytes of text decompressRecords(chunks, selection) inflates. */
export function inflatedBytes(chunks: ChunkedRecords, selection: RecordSelection): number {
  let bytes = 0;
  for (const k of touchedChunks(chunks, selection)) bytes += chunks.sizes[k];
  return bytes;
}

/**
 * The record texts of the chunks the selection touches (others stay undefined), indexed by record;
 * undefined when the stored bytes do not decode to the records they should hold.
 */
export async function decompressRecords(
  chunks: ChunkedRecords,
  selection: RecordSelection,
): Promise<(string | undefined)[] | undefined> {
  const { data, ends, firsts, count } = chunks;
  const wanted = touchedChunks(chunks, selection);
  const lines: (string | undefined)[] = new Array(count);
  try {
    await Promise.all(
      [...wanted].map(async (k) => {
        const bytes = data.subarray(k === 0 ? 0 : ends[k - 1], ends[k]);
        // A chunk ends at a flush point, not at the end of a stream: inflate what is there.
        const text = (await inflateAsync(bytes, { finishFlush: constants.Z_SYNC_FLUSH })).toString("utf8");
        const parts = text.split("\n");
        const last = k + 1 < firsts.length ? firsts[k + 1] : count;
        if (parts.length !== last - firsts[k]) throw new Error("chunk does not hold its records");
        parts.forEach((line, j) => {
          lines[firsts[k] + j] = line;
        });
      }),
    );
  } catch {
    return undefined;
  }
  return lines;
}

/** The chunk holding record i: the last chunk whose first record is <= i. */
function chunkOf(firsts: Uint32Array, i: number): number {
  let lo = 0;
  let hi = firsts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (firsts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const chunkTableSchema = z.object({
  e: z.array(z.number().int().min(0)),
  f: z.array(z.number().int().min(0)),
  u: z.array(z.number().int().min(0)),
});

/** The chunk table as stored in a cache file's header (the data follows the header). */
export function chunkTableToJson(chunks: ChunkedRecords): unknown {
  return { e: [...chunks.ends], f: [...chunks.firsts], u: [...chunks.sizes] };
}

/** Rebuilds the chunk table for `data`; undefined unless it describes exactly `count` records in data. */
export function chunkTableFromJson(json: unknown, data: Buffer, count: number): ChunkedRecords | undefined {
  const parsed = chunkTableSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { e, f, u } = parsed.data;
  if (e.length !== f.length || u.length !== f.length || (count === 0) !== (f.length === 0)) return undefined;
  if (f.length > 0 && (f[0] !== 0 || e[e.length - 1] !== data.length)) return undefined;
  for (let k = 1; k < f.length; k++) {
    if (!(f[k] > f[k - 1] && f[k] < count && e[k] >= e[k - 1])) return undefined;
  }
  return { data, ends: Uint32Array.from(e), firsts: Uint32Array.from(f), sizes: Uint32Array.from(u), count };
}
