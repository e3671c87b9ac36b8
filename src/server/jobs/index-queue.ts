import type { FastifyBaseLogger } from "fastify";
import type { Digest } from "../../core/digest.js";
import type { StoredIndex } from "../../contracts/index-store.js";
import type { ClairManifest } from "../../image/clair-manifest-source.js";
import { currentIndexState, type ServerDeps } from "../index-service.js";
import type { Metrics } from "../metrics.js";

export type QueueLog = Pick<FastifyBaseLogger, "info" | "warn" | "error">;

/** What a queue's workers need: how to index one manifest, and how to read a stored result. */
export interface QueueContext {
  readonly run: (manifest: ClairManifest) => Promise<StoredIndex>;
  readonly read: (manifest: Digest) => Promise<StoredIndex | null>;
  readonly metrics: Metrics;
  readonly log: QueueLog;
}

/**
 * Index work of `POST index_report` (issue 3 §5). A request enqueues its manifest's job, or joins
 * the job of the same manifest that is already queued or running, and waits for it to end, so two
 * concurrent requests do the work once. Two implementations: in-process (one SQLite instance) and
 * PostgreSQL (any number of instances; see index-queue-pg.ts).
 */
export interface IndexQueue {
  readonly kind: "local" | "postgres";
  /** Starts the workers. */
  start(ctx: QueueContext): Promise<void>;
  /** Resolves with the stored index once the manifest's job is done; rejects with its failure. */
  submit(manifest: ClairManifest): Promise<StoredIndex>;
  /** Stops taking jobs and gives running ones back; waiters get `graceMs` to see their job end. */
  drain(graceMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A request whose job had not ended when its instance shut down; the job itself stays queued. */
export class IndexQueueClosed extends Error {
  constructor(manifest: string) {
    super(`the service is shutting down; the index job of ${manifest} stays queued, retry the request`);
    this.name = "IndexQueueClosed";
  }
}

export const JOBS_METRIC = { name: "claro_index_jobs_total", help: "Index requests by outcome" } as const;
export const QUEUE_EVENTS = { name: "claro_index_queue_events_total", help: "Index queue job transitions by event" } as const;
export const QUEUE_DEPTH = { name: "claro_index_queue_jobs", help: "Index jobs queued and running (all instances sharing the database)" } as const;

/**
 * The index_report path: a manifest already finished by the current scanners is answered from the
 * store without touching the queue (most re-posts); anything else goes through it.
 */
export async function indexThroughQueue(queue: IndexQueue, deps: ServerDeps, manifest: ClairManifest, metrics: Metrics): Promise<StoredIndex> {
  const existing = await deps.indexStore.get(manifest.hash);
  if (existing !== null && existing.state === "IndexFinished" && existing.indexState === currentIndexState(deps)) {
    metrics.inc(JOBS_METRIC.name, JOBS_METRIC.help, { outcome: "cached" });
    return existing;
  }
  return queue.submit(manifest);
}

/** The single-instance queue: jobs by manifest in a map, at most `workers` running at once. */
export class LocalIndexQueue implements IndexQueue {
  readonly kind = "local" as const;
  private ctx: QueueContext | null = null;
  private readonly jobs = new Map<string, Promise<StoredIndex>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;

  constructor(private readonly workers = 2) {}

  async start(ctx: QueueContext): Promise<void> {
    this.ctx = ctx;
  }

  submit(manifest: ClairManifest): Promise<StoredIndex> {
    const ctx = this.ctx;
    if (ctx === null) return Promise.reject(new Error("index queue not started"));
    const existing = this.jobs.get(manifest.hash);
    if (existing) {
      ctx.metrics.inc(JOBS_METRIC.name, JOBS_METRIC.help, { outcome: "joined" });
      return existing;
    }
    ctx.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: "enqueued" });
    const job = this.slot()
      .then(async () => {
        ctx.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: "claimed" });
        try {
          const done = await ctx.run(manifest);
          ctx.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: "done" });
          return done;
        } catch (e) {
          ctx.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: "failed" });
          throw e;
        } finally {
          // The slot passes straight to the next waiter, so no newcomer slips in between.
          const next = this.waiting.shift();
          if (next) next();
          else this.active -= 1;
          this.gauge();
        }
      })
      .finally(() => this.jobs.delete(manifest.hash));
    this.jobs.set(manifest.hash, job);
    this.gauge();
    return job;
  }

  /** In-process jobs cannot move to another instance: shutdown lets them finish. */
  async drain(): Promise<void> {}

  async close(): Promise<void> {}

  private async slot(): Promise<void> {
    if (this.active >= this.workers) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    this.gauge();
  }

  private gauge(): void {
    this.ctx?.metrics.set(QUEUE_DEPTH.name, QUEUE_DEPTH.help, { state: "queued" }, this.waiting.length);
    this.ctx?.metrics.set(QUEUE_DEPTH.name, QUEUE_DEPTH.help, { state: "running" }, this.active);
  }
}
