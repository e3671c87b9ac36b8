import type { Problem } from "../core/problem.js";

/**
 * Default for `maxBufferedBytes`. Wanted files stay in memory until the scanners have run, and
 * parsing one costs about its size again (the decoded text), so the budget is what bounds a
 * scan's memory: 128 MiB keeps a scan of any image near 400 MB resident. Real images hold far
 * less (a dpkg status, an rpmdb, lockfiles: tens of MB); superseded copies are let go first.
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 128 * 1024 * 1024;

/** Frees up to `needed` bytes of content that can be let go (older copies), before `path` is refused. */
export type Reclaimer = (needed: number, path: string) => void;

/**
 * The bytes one scan may hold for parsing, shared by every layer: wanted files (held until the
 * scanners ran), the file a content probe is reading, and what a probe inflates from it. A file
 * that does not fit is not read, and says so: `problems()` lists each one for the report.
 */
export class BufferBudget {
  private used = 0;
  private reclaim: Reclaimer | null = null;
  private readonly refused = new Map<string, Problem>();

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`buffer budget must be a non-negative integer, got ${limit}`);
  }

  /** Bytes still free. */
  get available(): number {
    return this.limit - this.used;
  }

  /** Registers who can give bytes back under pressure (the tree builder's older copies). */
  onPressure(reclaim: Reclaimer): void {
    this.reclaim = reclaim;
  }

  /**
   * Takes `size` bytes for `path`, letting older copies go when that makes room. False when it
   * does not fit: the caller must not read the file, and the refusal is recorded.
   */
  tryReserve(path: string, size: number): boolean {
    if (size > this.available && this.reclaim !== null && size <= this.limit) this.reclaim(size - this.available, path);
    if (size > this.available) {
      if (!this.refused.has(path)) this.refused.set(path, { kind: "skipped", path, size, reason: "budget", limit: this.limit });
      return false;
    }
    this.used += size;
    return true;
  }

  release(size: number): void {
    this.used = Math.max(0, this.used - size);
  }

  /** Records that an earlier copy of `path` was let go (layer attribution may suffer). */
  noteHistoryDropped(path: string, size: number): void {
    const key = `history:${path}`;
    if (!this.refused.has(key)) this.refused.set(key, { kind: "skipped", path, size, reason: "history", limit: this.limit });
  }

  /** Every file left unread or let go, in the order it happened. */
  problems(): readonly Problem[] {
    return [...this.refused.values()];
  }
}
