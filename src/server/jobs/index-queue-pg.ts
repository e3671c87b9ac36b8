import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { StoredIndex } from "../../contracts/index-store.js";
import { FatalError, isFatalError, type FatalCode } from "../../core/problem.js";
import type { ClairManifest } from "../../image/clair-manifest-source.js";
import type { ClaimedJob, IndexJobStatus, IndexJobStore, JobEnd } from "../../contracts/index-jobs.js";
import { IndexQueueClosed, JOBS_METRIC, QUEUE_DEPTH, QUEUE_EVENTS, type IndexQueue, type QueueContext } from "./index-queue.js";

export interface PgQueueOptions {
  /** Jobs this instance runs at once. */
  readonly workers: number;
  /** How long a claim holds without a heartbeat; a killed instance's jobs wait this long. */
  readonly leaseMs: number;
  /** Polling fallback for lost notifications, expired leases and waiters. */
  readonly pollMs: number;
  /** Claims after which a job whose lease keeps expiring is failed instead of retried. */
  readonly maxAttempts: number;
  /** How long ended jobs stay as an audit trail. */
  readonly keepEndedMs: number;
}

export const DEFAULT_PG_QUEUE: PgQueueOptions = { workers: 2, leaseMs: 30_000, pollMs: 1000, maxAttempts: 3, keepEndedMs: 3_600_000 };

type Waiter = { readonly resolve: (end: JobEnd) => void; readonly reject: (e: unknown) => void; readonly manifest: string };

const FATAL_CODES = new Set<string>([
  "ARCHIVE_CORRUPT",
  "LAYER_CORRUPT",
  "DIGEST_MISMATCH",
  "UNSAFE_PATH",
  "FILE_TOO_LARGE",
  "REGISTRY_UNAUTHORIZED",
  "REGISTRY_NOT_FOUND",
  "REGISTRY_ERROR",
  "NETWORK",
  "URL_FORBIDDEN",
  "TIMEOUT",
  "UNSUPPORTED_MEDIA_TYPE",
  "DB_ERROR",
  "PACKAGE_DB_REJECTED",
]);

/**
 * The queue of every `claro serve` instance on one PostgreSQL schema. Workers claim rows with
 * SKIP LOCKED and keep a lease alive by heartbeat; a request waits for its job by LISTEN/NOTIFY,
 * with polling as the fallback, then answers with the report the worker (on whichever instance)
 * stored.
 */
export class PostgresIndexQueue implements IndexQueue {
  readonly kind = "postgres" as const;
  /** Names this instance as the owner of the jobs it runs. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly jobs: IndexJobStore;
  private readonly options: PgQueueOptions;
  private ctx: QueueContext | null = null;
  private readonly running = new Set<string>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private pumping = false;
  private pumpAgain = false;
  private lastPrune = 0;

  /** `jobs` comes from the server's stores (one pool); the queue closes it when it stops. */
  constructor(jobs: IndexJobStore, options: Partial<PgQueueOptions> = {}) {
    this.jobs = jobs;
    this.options = { ...DEFAULT_PG_QUEUE, ...options };
  }

  async start(ctx: QueueContext): Promise<void> {
    this.ctx = ctx;
    await this.jobs.listen(
      (e) => (e.event === "queued" ? void this.pump() : this.waiters.has(e.id) ? void this.check([e.id]) : undefined),
      (e) => ctx.log.warn({ err: e }, "index queue: LISTEN connection lost; polling until it is back"),
    );
    const heartbeat = setInterval(() => void this.heartbeat(), Math.max(100, Math.floor(this.options.leaseMs / 3)));
    const poll = setInterval(() => void this.tick(), this.options.pollMs);
    for (const t of [heartbeat, poll]) this.timers.push(t);
    void this.tick();
  }

  async submit(manifest: ClairManifest): Promise<StoredIndex> {
    const ctx = this.ctx;
    if (ctx === null || this.stopping) throw new IndexQueueClosed(manifest.hash);
    const { id, joined } = await this.jobs.enqueue(manifest.hash, manifest);
    if (joined) ctx.metrics.inc(JOBS_METRIC.name, JOBS_METRIC.help, { outcome: "joined" });
    else ctx.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: "enqueued" });
    const ended = new Promise<JobEnd>((resolve, reject) => {
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), { resolve, reject, manifest: manifest.hash }]);
    });
    // The job may have ended before this waiter was registered.
    void this.check([id]);
    if (!joined) void this.pump();
    const end = await ended;
    if (end.state === "failed") {
      const code: FatalCode = FATAL_CODES.has(end.code) ? (end.code as FatalCode) : "LAYER_CORRUPT";
      throw new FatalError(code, end.message);
    }
    const stored = await ctx.read(manifest.hash);
    if (stored === null) throw new FatalError("DB_ERROR", `the index job of ${manifest.hash} ended but its report is gone (deleted meanwhile?)`);
    return stored;
  }

  /** SIGTERM: no more claims; running jobs go back to the queue for another instance (or a restart). */
  async drain(graceMs: number): Promise<void> {
    this.stopping = true;
    const released = await this.jobs.release(this.owner).catch((e: unknown) => {
      this.ctx?.log.error({ err: e }, "index queue: releasing running jobs failed; their leases will expire");
      return [];
    });
    if (released.length > 0) {
      this.ctx?.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: "released" }, released.length);
      this.ctx?.log.info({ jobs: released }, "index queue: released running jobs back to the queue");
    }
    // Waiters may still see their job end on another instance; after the grace they are told to retry.
    setTimeout(() => this.rejectWaiters(), graceMs).unref();
  }

  async close(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    this.rejectWaiters();
    await this.jobs.close();
  }

  private rejectWaiters(): void {
    for (const list of this.waiters.values()) for (const w of list) w.reject(new IndexQueueClosed(w.manifest));
    this.waiters.clear();
  }

  /** Claims while this instance has free workers. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (!this.stopping && this.ctx !== null && this.running.size < this.options.workers) {
          const job = await this.jobs.claim(this.owner, this.options.leaseMs, this.options.maxAttempts);
          if (job === null) break;
          this.running.add(job.id);
          void this.runJob(job);
        }
      } while (this.pumpAgain && !this.stopping);
    } catch (e) {
      this.ctx?.log.warn({ err: e }, "index queue: claiming failed; retrying on the next poll");
    } finally {
      this.pumping = false;
    }
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    const ctx = this.ctx!;
    ctx.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: job.attempts > 1 ? "reclaimed" : "claimed" });
    if (job.attempts > 1) ctx.log.warn({ job: job.id, manifest: job.manifest, attempts: job.attempts }, "index queue: took over a job whose lease expired");
    let end: JobEnd;
    try {
      if (job.body === null || typeof job.body !== "object") throw new FatalError("DB_ERROR", `index job ${job.id} has no manifest`);
      await ctx.run(job.body as ClairManifest);
      end = { state: "done" };
    } catch (e) {
      end = { state: "failed", code: isFatalError(e) ? e.code : "LAYER_CORRUPT", message: e instanceof Error ? e.message : String(e) };
    }
    this.running.delete(job.id);
    try {
      // False when this instance lost the job meanwhile (released on shutdown, or lease expired):
      // its new owner ends it, and waiters hear from that one.
      if (await this.jobs.finish(job.id, this.owner, end)) {
        ctx.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: end.state });
        this.settle(job.id, end);
      }
    } catch (e) {
      ctx.log.error({ err: e, job: job.id }, "index queue: could not mark the job ended; its lease will expire and it runs again");
    }
    void this.pump();
  }

  private async heartbeat(): Promise<void> {
    const held = [...this.running];
    // After drain the jobs still running here were given back: their leases are not ours to renew.
    if (held.length === 0 || this.stopping) return;
    try {
      const renewed = new Set(await this.jobs.renew(this.owner, held, this.options.leaseMs));
      const lost = held.filter((id) => !renewed.has(id) && this.running.has(id));
      if (lost.length > 0) this.ctx?.log.warn({ jobs: lost }, "index queue: lease lost; another instance may run these jobs");
    } catch (e) {
      this.ctx?.log.warn({ err: e }, "index queue: heartbeat failed");
    }
  }

  /** The polling fallback: exhausted jobs, claims, waiters whose NOTIFY was missed, the depth gauge. */
  private async tick(): Promise<void> {
    try {
      const abandoned = await this.jobs.abandonExhausted(this.options.maxAttempts);
      if (abandoned.length > 0) this.ctx?.metrics.inc(QUEUE_EVENTS.name, QUEUE_EVENTS.help, { event: "abandoned" }, abandoned.length);
      void this.pump();
      await this.check([...this.waiters.keys()]);
      const depth = await this.jobs.depth();
      for (const state of ["queued", "running"] as const) this.ctx?.metrics.set(QUEUE_DEPTH.name, QUEUE_DEPTH.help, { state }, depth[state]);
      if (Date.now() - this.lastPrune > 60_000 && !this.stopping) {
        this.lastPrune = Date.now();
        await this.jobs.prune(this.options.keepEndedMs);
      }
    } catch (e) {
      this.ctx?.log.warn({ err: e }, "index queue: poll failed");
    }
  }

  private async check(ids: readonly string[]): Promise<void> {
    let states: readonly IndexJobStatus[];
    try {
      states = await this.jobs.status(ids);
    } catch (e) {
      this.ctx?.log.warn({ err: e }, "index queue: reading job states failed");
      return;
    }
    // A row gone altogether was pruned long after it ended: the store has whatever it produced.
    for (const id of ids) if (!states.some((s) => s.id === id)) this.settle(id, { state: "done" });
    for (const s of states) {
      if (s.state === "done") this.settle(s.id, { state: "done" });
      else if (s.state === "failed") this.settle(s.id, { state: "failed", code: s.errorCode ?? "LAYER_CORRUPT", message: s.error ?? "indexing failed" });
    }
  }

  private settle(id: string, end: JobEnd): void {
    const list = this.waiters.get(id);
    this.waiters.delete(id);
    for (const w of list ?? []) w.resolve(end);
  }
}
