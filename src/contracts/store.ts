import type { Advisory } from "../core/advisory.js";
import type { AdvisoryQuery } from "./matcher.js";

export interface UpdateRun {
  readonly updater: string;
  readonly fingerprint: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: "changed" | "unchanged" | "failed";
  readonly recordCount: number;
  readonly error: string | null;
}

export interface UpdaterStatus {
  readonly updater: string;
  /** The last run of any status. */
  readonly lastRun: UpdateRun;
  /** When the data in the store was last written (the last `changed` run). */
  readonly lastChangedAt: string | null;
  readonly fingerprint: string | null;
  readonly recordCount: number;
}

/**
 * The vulnerability store: one port, two adapters (SQLite and PostgreSQL), one test suite.
 * `replaceAdvisories` is atomic per updater: readers see the old set or the new one, never half.
 */
export interface AdvisoryStore {
  readonly backend: "sqlite" | "postgres";
  /** Applies pending versioned migrations. Idempotent. */
  migrate(): Promise<void>;
  /** Replaces every advisory of `run.updater` and records the run, in one transaction. */
  replaceAdvisories(run: UpdateRun, advisories: Iterable<Advisory>): Promise<number>;
  /** Records a run that wrote nothing (unchanged or failed). */
  recordRun(run: UpdateRun): Promise<void>;
  /** The fingerprint of the last `changed` run of an updater. */
  fingerprint(updater: string): Promise<string | null>;
  status(): Promise<readonly UpdaterStatus[]>;
  find(queries: readonly AdvisoryQuery[]): Promise<readonly Advisory[]>;
  countAdvisories(): Promise<number>;
  close(): Promise<void>;
}
