import { createHash } from "node:crypto";
import type { Digest } from "../core/digest.js";
import type { IndexReport } from "../core/report.js";

/** The indexer's controller states (claircore indexer/controller/state.go), as Clair v4 reports them. */
export const INDEX_STATES = ["CheckManifest", "FetchLayers", "ScanLayers", "Coalesce", "IndexManifest", "IndexFinished", "IndexError"] as const;
export type IndexState = (typeof INDEX_STATES)[number];

/** One manifest's index as stored: the report exists only once the state is IndexFinished. */
export interface StoredIndex {
  readonly manifest: Digest;
  readonly state: IndexState;
  /** Why indexing failed (state IndexError); null otherwise. */
  readonly error: string | null;
  /** The index-state token of the scanners that produced this record. */
  readonly indexState: string;
  readonly report: IndexReport | null;
  readonly updatedAt: string;
}

/** One manifest in the dashboard's list: the record without its report. */
export interface IndexSummary {
  readonly manifest: Digest;
  readonly state: IndexState;
  readonly error: string | null;
  readonly indexState: string;
  /** When the manifest was first stored; a re-index keeps it. */
  readonly firstSeen: string;
  /** When the record was last written (the last index run). */
  readonly updatedAt: string;
}

/** A page of `IndexStore.summaries` and how many matched in all (for "page N of M"). */
export interface IndexSummaryPage {
  readonly total: number;
  readonly rows: readonly IndexSummary[];
}

/** What `IndexStore.stamp` reads: enough to know a record changed, not the record. */
export type IndexStamp = Pick<StoredIndex, "state" | "indexState" | "updatedAt">;

/**
 * The indexer's data, kept apart from the matcher's AdvisoryStore as claircore does: an index
 * report survives an advisory update untouched, and the matcher re-matches it on demand.
 */
export interface IndexStore {
  readonly backend: "sqlite" | "postgres";
  /** Applies pending index migrations (its own list and `index_schema_migrations` table). Idempotent. */
  migrate(): Promise<void>;
  /** Inserts or replaces the record of `record.manifest`, atomically. */
  save(record: StoredIndex): Promise<void>;
  get(manifest: Digest): Promise<StoredIndex | null>;
  /**
   * The record's state without its report: a small read that tells whether a response built
   * from an earlier `get` is still current (servers cache what they render from reports).
   */
  stamp(manifest: Digest): Promise<IndexStamp | null>;
  /** Resolves true when a record was deleted. */
  delete(manifest: Digest): Promise<boolean>;
  /** Every stored manifest digest, sorted. */
  list(): Promise<readonly Digest[]>;
  /**
   * Read-only listing for the dashboard: records whose digest contains `query` (case-insensitive;
   * empty: all), most recently written first, `limit` of them after skipping `offset`.
   */
  summaries(query: string, offset: number, limit: number): Promise<IndexSummaryPage>;
  /** Answers a trivial query; rejects when the database cannot be used (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The opaque Clair `index_state`: a hash of every scanner's id and version, so bumping any
 * scanner changes it and reports made by older scanners are known to be stale.
 */
export function indexStateToken(scanners: Iterable<{ readonly id: string; readonly version: number }>): string {
  const parts = [...scanners].map((s) => `${s.id}@${s.version}`).sort();
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32);
}
