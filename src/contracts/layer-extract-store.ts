import type { Digest } from "../core/digest.js";

/** Scanner id → the version whose wants and probe a stored extract serves, e.g. `{ dpkg: 3 }`. */
export type ScannerVersions = Readonly<Record<string, number>>;

/**
 * One layer's extract as stored, keyed by the layer's blob digest. The digest is trustworthy
 * because the layer walk verifies the blob against it while streaming: nobody can store content
 * under a digest it does not hash to.
 */
export interface StoredLayerExtract {
  readonly digest: Digest;
  /** The encoded extract (image/layer-extract.ts `encodeExtract`); opaque to the store. */
  readonly extract: Buffer;
  readonly scanners: ScannerVersions;
}

/**
 * Content-addressed layer extracts (Clair v4 indexes by layer): a layer read once for the current
 * scanners is not fetched again, whichever manifest names it. Rows live in the index database
 * (index migration 6); the IndexStore's `migrate()` creates the table.
 */
export interface LayerExtractStore {
  /** The records of those digests that are stored; unknown digests are simply absent. */
  get(digests: readonly Digest[]): Promise<ReadonlyMap<Digest, StoredLayerExtract>>;
  /** Inserts or replaces the record of `record.digest`: extract and scanner set together. */
  put(record: StoredLayerExtract): Promise<void>;
  /**
   * Merges `scanners` into the record's set and leaves the extract as it is (the layer has
   * nothing those scanners read). Resolves false when the digest is not stored.
   */
  addScanners(digest: Digest, scanners: ScannerVersions): Promise<boolean>;
  /** Resolves true when a record was deleted. */
  delete(digest: Digest): Promise<boolean>;
  close(): Promise<void>;
}
