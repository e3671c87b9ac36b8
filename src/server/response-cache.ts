/**
 * Rendered responses (vulnerability and index reports), keyed by manifest and kept while their
 * `version` holds: the index record's stamp plus, for matches, the advisory generation. A stale
 * entry is never served: every request reads the current version first (small queries) instead
 * of the whole report, re-matching and re-serialising. Bodies are kept encoded, so a hit is
 * written as is. Least recently used entries go first once `maxBytes` of bodies are held.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { readonly version: string; readonly body: Buffer }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 << 20) {}

  get(key: string, version: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined || hit.version !== version) return undefined;
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.body;
  }

  set(key: string, version: string, body: Buffer): void {
    this.delete(key);
    if (body.length > this.maxBytes / 2) return;
    this.entries.set(key, { version, body });
    this.bytes += body.length;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= old.body.length;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The advisory generation, read at most once per `ttlMs` (one read in flight at a time): at a
 * few thousand requests a second, a query per request for a value that changes every few hours
 * costs more than the rest of a cached response. An instance serves the matches of an update
 * at most `ttlMs` after it commits.
 */
export function cachedGeneration(read: () => Promise<string>, ttlMs = 500, now: () => number = Date.now): () => Promise<string> {
  let value: { readonly at: number; readonly generation: Promise<string> } | null = null;
  return () => {
    if (value === null || now() - value.at >= ttlMs) {
      const generation = read();
      value = { at: now(), generation };
      // A failed read is not kept: the next request asks the database again.
      generation.catch(() => {
        if (value?.generation === generation) value = null;
      });
    }
    return value.generation;
  };
}
