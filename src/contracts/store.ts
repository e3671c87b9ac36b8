import type { Advisory } from "../core/advisory.js";
import type { Enrichment } from "./enrichment.js";
import type { AdvisoryQuery } from "./matcher.js";

/** What a bundle carries: an advisory, or an enrichment record (NVD, EPSS, KEV). */
export type StoredRecord = Advisory | Enrichment;

/** One `claro db search` term: a vulnerability id or alias (CVE, GHSA, DSA…) or a package name. */
export interface AdvisorySearch {
  readonly term: string;
  readonly limit: number;
}

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
  /** Where the data lives, for `db status`: a file path, or host:port/database (schema) without credentials. */
  readonly location: string;
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
  /**
   * A token that changes whenever the advisory or enrichment data may have changed (every write
   * records a run in the same transaction); a cheap read, so servers can tell a cached match
   * result from a stale one on every request.
   */
  generation(): Promise<string>;
  /**
   * Every advisory of `updater` in write order, from one consistent snapshot, streamed so a large
   * feed is never held in memory. Finish or break the loop before using the store again.
   */
  exportAdvisories(updater: string): AsyncIterable<Advisory>;
  /** Every enrichment record of `updater` in write order, like exportAdvisories (for `db export`). */
  exportEnrichments(updater: string): AsyncIterable<Enrichment>;
  /**
   * Replaces the data of every updater in `runs` (recorded as `changed` runs), advisories and
   * enrichments alike, with `records`, each of which must belong to one of them, in ONE
   * transaction: any error, including one thrown by the iterable, changes nothing. Updaters not
   * in `runs` are left alone. Resolves with the number of records written per updater.
   */
  importAdvisories(runs: readonly UpdateRun[], records: AsyncIterable<StoredRecord> | Iterable<StoredRecord>): Promise<ReadonlyMap<string, number>>;
  /**
   * Replaces every enrichment record (NVD, EPSS, KEV) of `run.updater` and records the run, in
   * one transaction, as replaceAdvisories does. Each record's `updater` must be `run.updater`.
   */
  replaceEnrichments(run: UpdateRun, records: Iterable<Enrichment>): Promise<number>;
  /** A database-wide fact (e.g. `db-artifact`, the registry manifest the data was pulled from); null when unset. */
  metadata(key: string): Promise<string | null>;
  /** Sets a database-wide fact, replacing its previous value. */
  setMetadata(key: string, value: string): Promise<void>;
  /**
   * `claro db search`: advisories whose id or an alias equals `term` (case-insensitively), or whose
   * package name equals it, of every updater; at most `limit`, ordered by id, namespace, package.
   */
  search(query: AdvisorySearch): Promise<readonly Advisory[]>;
  /** The enrichment records of these CVE ids, of every kind and updater. */
  findEnrichments(cves: readonly string[]): Promise<readonly Enrichment[]>;
  close(): Promise<void>;
}
