export type IndexJobState = "queued" | "running" | "done" | "failed";

export interface ClaimedJob {
  readonly id: string;
  readonly manifest: string;
  /** The Clair manifest as enqueued; null only if a job was ended by someone else meanwhile. */
  readonly body: unknown;
  /** Claims so far, this one included: above 1 the job was given up by a killed instance. */
  readonly attempts: number;
}

export interface IndexJobStatus {
  readonly id: string;
  readonly state: IndexJobState;
  readonly errorCode: string | null;
  readonly error: string | null;
}

export type JobEnd = { readonly state: "done" } | { readonly state: "failed"; readonly code: string; readonly message: string };

export type JobEvent = { readonly event: "queued" | "ended"; readonly id: string };

/**
 * The index job queue that instances sharing one PostgreSQL database claim work from (index
 * migration 5). SQLite serves one instance, whose queue lives in memory, so it has none.
 */
export interface IndexJobStore {
  /** Adds a queued job, or finds the queued or running one of the same manifest (joined). */
  enqueue(manifest: string, body: unknown): Promise<{ readonly id: string; readonly joined: boolean }>;
  claim(owner: string, leaseMs: number, maxAttempts: number): Promise<ClaimedJob | null>;
  abandonExhausted(maxAttempts: number): Promise<readonly string[]>;
  renew(owner: string, ids: readonly string[], leaseMs: number): Promise<readonly string[]>;
  finish(id: string, owner: string, end: JobEnd): Promise<boolean>;
  release(owner: string): Promise<readonly string[]>;
  status(ids: readonly string[]): Promise<readonly IndexJobStatus[]>;
  depth(): Promise<{ readonly queued: number; readonly running: number }>;
  prune(keepMs: number): Promise<number>;
  listen(onEvent: (e: JobEvent) => void, onDown: (e: unknown) => void): Promise<void>;
  close(): Promise<void>;
}
