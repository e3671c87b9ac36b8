// The one way cli/ and server/ reach storage: they may not import store/ (scripts/lint.ts), so
// the openers and the store types they hand around are named here.
import type { AdvisoryStore } from "../contracts/store.js";
import type { IndexStore } from "../contracts/index-store.js";
import type { LayerExtractStore } from "../contracts/layer-extract-store.js";
import type { HarborScanStore } from "../contracts/harbor-scan-store.js";
import type { IndexJobStore } from "../contracts/index-jobs.js";
import type { NotifierStore } from "../contracts/notifier-store.js";
import type { V2LayerStore } from "../contracts/v2-layer-store.js";
import { LATEST_SCHEMA_VERSION, openStore } from "../store/index.js";
import { openStores } from "../store/open-store.js";
import { MemoryHarborScans } from "../store/sqlite/memory-stores.js";

export { LATEST_SCHEMA_VERSION };
export { openNotifierStore } from "../store/open-notifier-store.js";

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

/** Every store `claro serve` runs on, on one pool (PostgreSQL) or connection (SQLite), and how to close them all. */
export interface ServerStores {
  readonly advisoryStore: AdvisoryStore;
  readonly indexStore: IndexStore;
  readonly v2Layers: V2LayerStore;
  readonly layerExtracts: LayerExtractStore;
  readonly notifier: NotifierStore;
  readonly harborScans: HarborScanStore;
  /** The job queue of instances sharing one PostgreSQL database; null on SQLite (in-process queue). */
  readonly indexJobs: IndexJobStore | null;
  close(): Promise<void>;
}

export async function openServerStores(db: string | undefined): Promise<ServerStores> {
  const s = await openStores(databaseSpec(db));
  return {
    advisoryStore: s.advisories,
    indexStore: s.index,
    v2Layers: s.v2Layers,
    layerExtracts: s.layerExtracts,
    notifier: s.notifier,
    harborScans: s.harborScans,
    indexJobs: s.indexJobs,
    close: () => s.close(),
  };
}

/** Harbor scan jobs for a server given no store (tests, embedders): kept in this process only. */
export function inProcessHarborScans(): HarborScanStore {
  return new MemoryHarborScans();
}
