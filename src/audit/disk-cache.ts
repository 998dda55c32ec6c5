// On-disk layer of the content cache (config.cacheDir): one file per blob (a JSON header, then deflated
// chunks: cache.ts; the .json.gz suffix predates that layout), named by the hash of tenant + contentId and carrying the blob's expiry in its name, so pruning needs no reads.
// Writes go to a unique temp file and are renamed into place, so concurrent writers (two servers sharing
// a cache directory) never expose a half-written file.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

const SUFFIX = ".json.gz";
const TEMP_SUFFIX = ".tmp";
/** A temp file this old was left by a crashed writer. */
const STALE_TEMP_MS = 60 * 60_000;

export class DiskCache {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  private fileName(key: string, expiresAt: number): string {
    return join(this.dir, `${key}.${Math.floor(expiresAt / 1000)}${SUFFIX}`);
  }

  private ensureDir(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }

  async read(key: string, expiresAt: number): Promise<Buffer | undefined> {
    try {
      return await readFile(this.fileName(key, expiresAt));
    } catch {
      return undefined;
    }
  }

  async write(key: string, expiresAt: number, data: Buffer): Promise<void> {
    const target = this.fileName(key, expiresAt);
    const temp = `${target}.${process.pid}.${randomUUID()}${TEMP_SUFFIX}`;
    try {
      await this.ensureDir();
      await writeFile(temp, data, { mode: 0o600 });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => {});
      this.log(`content cache: could not write ${target}: ${(err as Error).message}`);
    }
  }

  async remove(key: string, expiresAt: number): Promise<void> {
    await rm(this.fileName(key, expiresAt), { force: true }).catch(() => {});
  }

  /** Deletes blobs past their expiry and temp files left by crashed writers. Returns how many went. */
  async prune(now: number): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.endsWith(TEMP_SUFFIX)) {
        const info = await stat(path).catch(() => undefined);
        if (info && now - info.mtimeMs > STALE_TEMP_MS) {
          await rm(path, { force: true }).catch(() => {});
          removed++;
        }
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      const expiresSec = Number(name.slice(0, -SUFFIX.length).split(".").pop());
      if (Number.isFinite(expiresSec) && expiresSec * 1000 <= now) {
        await rm(path, { force: true }).catch(() => {});
        removed++;
      }
    }
    return removed;
  }
}
