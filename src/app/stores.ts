// The one way cli/ and server/ reach storage: they may not import store/ (scripts/lint.ts), so
// the openers and the store types they hand around are named here.
import type { AdvisoryStore } from "../contracts/store.js";
import type { IndexStore } from "../contracts/index-store.js";
import type { LayerExtractStore } from "../contracts/layer-extract-store.js";
import { FatalError } from "../core/problem.js";
import { LATEST_SCHEMA_VERSION, openStore } from "../store/index.js";
import { openIndexStore } from "../store/open-index-store.js";
import { openLayerExtractStore } from "../store/open-layer-extract-store.js";
import { PostgresIndexStore } from "../store/postgres-index-store.js";
import { openV2LayerStore, type V2LayerStore } from "../store/v2-layer-store.js";

export { LATEST_SCHEMA_VERSION };
export { openNotifierStore } from "../store/open-notifier-store.js";
export { harborScanStoreFor, type HarborScan, type HarborScanStore, type ScanLease } from "../store/harbor-scan-store.js";
export { PostgresIndexJobs, type ClaimedJob, type IndexJobStatus, type JobEnd } from "../store/postgres-index-queue.js";
export type { V2Layer, V2LayerStore } from "../store/v2-layer-store.js";

/**
 * `--db`, `CLARO_DB` or config `db`: `sqlite:PATH`, `postgres://…`, or a bare path, which means
 * SQLite (`--db ./claro.sqlite` as `--db sqlite:./claro.sqlite`). Anything with a scheme is left
 * to the stores, which refuse the unknown ones by name.
 */
export function databaseSpec(db: string | undefined): string | undefined {
  const spec = db?.trim();
  if (spec === undefined || spec === "") return undefined;
  // A scheme is letters then ':'; one letter would be a Windows drive, which is a path.
  return /^[a-z][a-z0-9+.-]+:/i.test(spec) ? spec : `sqlite:${spec}`;
}

/** Opens and migrates the advisory store (default: CLARO_DB, else the user's cache file). */
export function openAdvisoryStore(db: string | undefined): Promise<AdvisoryStore> {
  return openStore(databaseSpec(db));
}

/** Every store `claro serve` runs on, and how to close them all. */
export interface ServerStores {
  readonly advisoryStore: AdvisoryStore;
  readonly indexStore: IndexStore;
  readonly v2Layers: V2LayerStore;
  readonly layerExtracts: LayerExtractStore;
  /** The PostgreSQL URL of the index store when it is on PostgreSQL: instances sharing it share its job queue. */
  readonly postgresUrl: string | null;
  close(): Promise<void>;
}

export async function openServerStores(db: string | undefined): Promise<ServerStores> {
  const spec = databaseSpec(db);
  const advisoryStore = await openStore(spec);
  const indexStore = await openIndexStore(spec).catch(async (e: unknown) => {
    await advisoryStore.close();
    throw e;
  });
  let v2Layers: V2LayerStore;
  let layerExtracts: LayerExtractStore;
  try {
    v2Layers = openV2LayerStore(spec);
    layerExtracts = openLayerExtractStore(spec);
  } catch (e) {
    await Promise.all([advisoryStore.close(), indexStore.close()]);
    throw e instanceof Error ? e : new FatalError("DB_ERROR", String(e));
  }
  return {
    advisoryStore,
    indexStore,
    v2Layers,
    layerExtracts,
    postgresUrl: indexStore instanceof PostgresIndexStore ? indexStore.url : null,
    close: async () => {
      await Promise.all([indexStore.close(), advisoryStore.close(), v2Layers.close(), layerExtracts.close()]);
    },
  };
}
