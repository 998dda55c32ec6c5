// Seeded randomness for the synthetic tenant. Every value derives from (seed, label, index) so any
// single record or blob can be rebuilt on demand without generating the ones before it.

/** Mix an integer into a 32-bit hash state (murmur3 finalizer style). */
function mix(h: number, v: number): number {
  let x = (h ^ v) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Derive a 32-bit seed from a base seed and any mix of labels and numbers. */
export function deriveSeed(base: number, ...parts: Array<string | number>): number {
  let h = mix(0x9e3779b9, base >>> 0);
  for (const part of parts) {
    if (typeof part === "number") {
      h = mix(h, part >>> 0);
      h = mix(h, Math.floor(part / 0x100000000) >>> 0);
    } else {
      for (let i = 0; i < part.length; i++) h = mix(h, part.charCodeAt(i));
      h = mix(h, part.length);
    }
  }
  return h;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A small deterministic generator (mulberry32) with the draws the tenant needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Pick by weight: entries are [value, weight]. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  hex(length: number): string {
    // Byte table instead of toString(16) + padStart: same text, a fraction of the garbage (history scans).
    let out = "";
    while (out.length < length) {
      const v = Math.floor(this.next() * 0x100000000);
      out +=
        HEX_BYTES[v >>> 24] + HEX_BYTES[(v >>> 16) & 255] + HEX_BYTES[(v >>> 8) & 255] + HEX_BYTES[v & 255];
    }
    return out.slice(0, length);
  }

  /**
   * A separate stream derived from this one's current state, without advancing it: a new variant of a
   * record draws from it, so the records that existed before keep every value (no reseeding).
   */
  fork(label: string): Rng {
    return new Rng(deriveSeed(this.state, label));
  }

  /** A version-4-shaped GUID, lower case. */
  guid(): string {
    const s = this.hex(32);
    const variant = "89ab"[Number.parseInt(s[16], 16) & 3];
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20)}`;
  }
}

export function rngFor(base: number, ...parts: Array<string | number>): Rng {
  return new Rng(deriveSeed(base, ...parts));
}
