// Optional bounded cache of built blob bodies (EmulatorOptions.bodyCacheBytes). A body is a pure function of
// the blob's seed, so keeping it changes no answer; it only spares the emulator rebuilding megabytes of JSON
// on every GET, which in a benchmark would compete for CPU with the client being measured.
import type { EmuBlob, Tenant } from "../tenant/types.js";
import type { ManagementEnv } from "./env.js";

class BodyCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(blob: EmuBlob): string {
    const hit = this.entries.get(blob.contentId);
    if (hit !== undefined) {
      // Least recently used first in Map order: move the hit to the end.
      this.entries.delete(blob.contentId);
      this.entries.set(blob.contentId, hit);
      return hit;
    }
    const body = blob.body();
    if (body.length > this.maxBytes) return body;
    for (const [id, old] of this.entries) {
      if (this.bytes + body.length <= this.maxBytes) break;
      this.entries.delete(id);
      this.bytes -= old.length;
    }
    this.entries.set(blob.contentId, body);
    this.bytes += body.length;
    return body;
  }
}

const caches = new WeakMap<Tenant, BodyCache>();

/** The blob's JSON body, from the cache when one is configured. */
export function blobBody(env: ManagementEnv, blob: EmuBlob): string {
  const maxBytes = env.ctx.options.bodyCacheBytes;
  if (!(maxBytes > 0)) return blob.body();
  let cache = caches.get(env.ctx.tenant);
  if (!cache) {
    cache = new BodyCache(maxBytes);
    caches.set(env.ctx.tenant, cache);
  }
  return cache.get(blob);
}
