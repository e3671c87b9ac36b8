import type { IndexStore } from "../contracts/index-store.js";
import type { LayerExtractStore, ScannerVersions, StoredLayerExtract } from "../contracts/layer-extract-store.js";
import type { Digest } from "../core/digest.js";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { PostgresIndexStore } from "./postgres-index-store.js";
import { PostgresLayerExtractStore } from "./postgres-layer-extract-store.js";
import { SqliteIndexStore } from "./sqlite-index-store.js";
import { SqliteLayerExtractStore } from "./sqlite-layer-extract-store.js";

/**
 * Opens the layer-extract table for the same `--db` spec as `openIndexStore`, which must have
 * migrated it (index migration 6).
 */
export function openLayerExtractStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): LayerExtractStore {
  const chosen = spec?.trim() || env["CLARO_DB"]?.trim() || `sqlite:${defaultSqlitePath(env)}`;
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) return new PostgresLayerExtractStore(chosen);
  if (chosen === "sqlite::memory:") return new MemoryLayerExtractStore();
  if (chosen.startsWith("sqlite:") && chosen.length > "sqlite:".length) return SqliteLayerExtractStore.open(chosen.slice("sqlite:".length));
  throw new FatalError("DB_ERROR", "unknown or empty database spec for the layer-extract store", "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE");
}

/** The layer-extract store beside a (migrated) index store, in the same database. */
export function layerExtractStoreFor(index: IndexStore): LayerExtractStore {
  if (index instanceof PostgresIndexStore) return new PostgresLayerExtractStore(index.url);
  if (index instanceof SqliteIndexStore && index.path !== ":memory:") return SqliteLayerExtractStore.open(index.path);
  return new MemoryLayerExtractStore();
}

/** For a SQLite `:memory:` index store, whose tables no second connection can see: lives as long as the process. */
export class MemoryLayerExtractStore implements LayerExtractStore {
  private readonly rows = new Map<Digest, StoredLayerExtract>();
  async get(digests: readonly Digest[]): Promise<ReadonlyMap<Digest, StoredLayerExtract>> {
    return new Map(digests.flatMap((d) => {
      const r = this.rows.get(d);
      return r === undefined ? [] : [[d, r] as const];
    }));
  }
  async put(r: StoredLayerExtract): Promise<void> {
    this.rows.set(r.digest, { digest: r.digest, extract: Buffer.from(r.extract), scanners: { ...r.scanners } });
  }
  async addScanners(digest: Digest, scanners: ScannerVersions): Promise<boolean> {
    const old = this.rows.get(digest);
    if (old === undefined) return false;
    this.rows.set(digest, { ...old, scanners: { ...old.scanners, ...scanners } });
    return true;
  }
  async delete(digest: Digest): Promise<boolean> {
    return this.rows.delete(digest);
  }
  async close(): Promise<void> {
    this.rows.clear();
  }
}
