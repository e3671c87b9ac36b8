import type { ScannerVersions, StoredLayerExtract } from "../contracts/layer-extract-store.js";
import type { Digest } from "../core/digest.js";

export interface LayerExtractRow {
  readonly digest: string;
  readonly extract: Buffer | Uint8Array;
  /** JSON text (SQLite) or an already parsed jsonb value (PostgreSQL). */
  readonly scanners: unknown;
}

/**
 * A row back to the port's record. A scanner set that is not an object of integers reads as
 * empty: the layer then looks indexed by no scanner and is simply fetched again, which is
 * always safe, rather than failing every index that names it.
 */
export function rowToLayerExtract(row: LayerExtractRow): StoredLayerExtract {
  let doc: unknown = row.scanners;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch {
      doc = {};
    }
  }
  const scanners: Record<string, number> = {};
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) {
    for (const [id, v] of Object.entries(doc)) if (Number.isInteger(v)) scanners[id] = v as number;
  }
  return { digest: row.digest as Digest, extract: Buffer.from(row.extract), scanners };
}

export function scannersJson(scanners: ScannerVersions): string {
  return JSON.stringify(Object.fromEntries(Object.entries(scanners).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
