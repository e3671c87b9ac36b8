import type Database from "better-sqlite3";
import { handleFor, type SqliteHandle } from "./handle.js";
import type { LayerExtractStore, ScannerVersions, StoredLayerExtract } from "../../contracts/layer-extract-store.js";
import type { Digest } from "../../core/digest.js";
import { FatalError } from "../../core/problem.js";
import { firstLine, rowToLayerExtract, scannersJson, type LayerExtractRow } from "../layer-extract-rows.js";

/** SQLite's default limit on bound parameters is 32766; a manifest has far fewer layers, but chunk anyway. */
const CHUNK = 500;

/** `layer_extracts` in the index store's SQLite file, on a connection of its own (WAL). */
export class SqliteLayerExtractStore implements LayerExtractStore {
  private readonly db: Database.Database;
  readonly path: string;

  private constructor(private readonly handle: SqliteHandle) {
    this.db = handle.db;
    this.path = handle.path;
  }

  /** Opens the file of an already migrated index store, or shares the bundle's handle. */
  static open(conn: string | SqliteHandle): SqliteLayerExtractStore {
    return new SqliteLayerExtractStore(handleFor(conn));
  }

  async get(digests: readonly Digest[]): Promise<ReadonlyMap<Digest, StoredLayerExtract>> {
    const out = new Map<Digest, StoredLayerExtract>();
    const unique = [...new Set(digests)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const part = unique.slice(i, i + CHUNK);
      const rows = this.guard("reading layer extracts", () =>
        this.db
          .prepare<string[], LayerExtractRow>(`SELECT digest, extract, scanners FROM layer_extracts WHERE digest IN (${part.map(() => "?").join(", ")})`)
          .all(...part),
      );
      for (const r of rows) out.set(r.digest as Digest, rowToLayerExtract(r));
    }
    return out;
  }

  async put(r: StoredLayerExtract): Promise<void> {
    this.guard("saving a layer extract", () =>
      this.db
        .prepare(
          `INSERT INTO layer_extracts (digest, extract, scanners, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (digest) DO UPDATE SET extract = excluded.extract, scanners = excluded.scanners, updated_at = excluded.updated_at`,
        )
        .run(r.digest, r.extract, scannersJson(r.scanners), new Date().toISOString()),
    );
  }

  async addScanners(digest: Digest, scanners: ScannerVersions): Promise<boolean> {
    return this.guard(
      "recording scanner versions on a layer extract",
      () =>
        this.db
          .prepare("UPDATE layer_extracts SET scanners = json_patch(scanners, ?), updated_at = ? WHERE digest = ?")
          .run(scannersJson(scanners), new Date().toISOString(), digest).changes > 0,
    );
  }

  async delete(digest: Digest): Promise<boolean> {
    return this.guard("deleting a layer extract", () => this.db.prepare("DELETE FROM layer_extracts WHERE digest = ?").run(digest).changes > 0);
  }

  async close(): Promise<void> {
    this.handle.release();
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw new FatalError("DB_ERROR", `sqlite: ${what} in ${this.path} failed: ${firstLine(e)}`, undefined, { cause: e });
    }
  }
}
