import type { Metrics } from "../metrics.js";

/**
 * How much index work the server takes at once: `concurrency` runs (layer downloads and reads)
 * and `queueLimit` more admitted and waiting. Past that a request is refused (503 with
 * Retry-After) instead of opening yet another download (issue 9 §7).
 */
export interface IndexPoolOptions {
  readonly concurrency: number;
  readonly queueLimit: number;
}

export const DEFAULT_INDEX_POOL: IndexPoolOptions = { concurrency: 2, queueLimit: 64 };

/** What a refused client is told to wait, in seconds. */
export const POOL_RETRY_AFTER_SECONDS = 5;

/** One admitted piece of index work; it counts against the pool until it ends. */
export interface Admission {
  /** Runs `work` once a slot is free; the admission ends when it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Holds the admission until `work` settles, without taking a slot: a request waiting on an index
   * queue job, whose worker takes the slot itself (`IndexPool.slot`).
   */
  hold<T>(work: Promise<T>): Promise<T>;
  /** Gives the admission back unused. */
  cancel(): void;
}

/**
 * The one pool every index path goes through: Clair v2 `POST /v1/layers`, Harbor scan jobs and
 * the Clair v4 index queue's workers share its slots, so together they never run more than
 * `concurrency` downloads, whichever API the load comes from.
 */
export class IndexPool {
  private admitted = 0;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly options: IndexPoolOptions = DEFAULT_INDEX_POOL,
    private readonly metrics?: Metrics,
  ) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError("index pool concurrency must be a positive integer");
    if (!Number.isInteger(options.queueLimit) || options.queueLimit < 0) throw new RangeError("index pool queue limit must be a non-negative integer");
  }

  /** Admits one piece of work, or null when `concurrency + queueLimit` are already admitted. */
  admit(): Admission | null {
    if (this.admitted >= this.options.concurrency + this.options.queueLimit) {
      this.metrics?.inc("claro_index_pool_refused_total", "Index requests refused (503) because the index pool and its queue were full", {});
      return null;
    }
    this.admitted += 1;
    this.gauge();
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.admitted -= 1;
      this.gauge();
    };
    return {
      run: (work) => this.slot(work).finally(end),
      hold: (work) => work.finally(end),
      cancel: end,
    };
  }

  /** Runs `work` in a slot, waiting for one; for work admitted elsewhere (see `Admission.hold`). */
  async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    this.gauge();
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so no newcomer slips in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
      this.gauge();
    }
  }

  /** Admitted work, work running in a slot, and work waiting for one. */
  stats(): { readonly admitted: number; readonly running: number; readonly waiting: number } {
    return { admitted: this.admitted, running: this.running, waiting: this.waiting.length };
  }

  private gauge(): void {
    const help = "Index pool work by state (admitted includes running and waiting)";
    this.metrics?.set("claro_index_pool_work", help, { state: "admitted" }, this.admitted);
    this.metrics?.set("claro_index_pool_work", help, { state: "running" }, this.running);
  }
}
