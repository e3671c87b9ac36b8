/**
 * Coalesces concurrent point reads into set reads: keys asked for while earlier reads are in
 * flight wait and go out together in one `load`, so a busy server makes one database round trip
 * per batch instead of one per request. Every read still starts after it was asked for, so a
 * batched answer is never older than an unbatched one would be.
 */
export class KeyBatcher<K, V> {
  private pending = new Map<K, { resolve: (v: V | null) => void; reject: (e: unknown) => void }[]>();
  private inFlight = 0;
  private scheduled = false;

  /** `load` answers for the keys it finds; a key it leaves out resolves null. */
  constructor(
    private readonly load: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
    private readonly maxInFlight = 2,
  ) {}

  get(key: K): Promise<V | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.size === 0) return;
    this.scheduled = true;
    // After the current I/O phase: requests parsed in the same turn of the loop share a batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.maxInFlight || this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.inFlight++;
    void this.load([...batch.keys()])
      .then(
        (found) => {
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key) ?? null);
        },
        (e: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(e);
        },
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
  }
}
