/**
 * Rendered responses (vulnerability and index reports), keyed by manifest and kept while their
 * `version` holds: the index record's stamp plus, for matches, the advisory generation. A stale
 * entry is never served: every request reads the current version first (two small queries)
 * instead of the whole report, re-matching and re-serialising. Least recently used entries go
 * first once `maxBytes` of bodies are held.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { readonly version: string; readonly body: string }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 << 20) {}

  get(key: string, version: string): string | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined || hit.version !== version) return undefined;
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.body;
  }

  set(key: string, version: string, body: string): void {
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
