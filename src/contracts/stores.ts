import type { HarborScanStore } from "./harbor-scan-store.js";
import type { IndexJobStore } from "./index-jobs.js";
import type { IndexStore } from "./index-store.js";
import type { LayerExtractStore } from "./layer-extract-store.js";
import type { NotifierStore } from "./notifier-store.js";
import type { AdvisoryStore } from "./store.js";
import type { V2LayerStore } from "./v2-layer-store.js";

/**
 * Every store of one database, on one connection pool (PostgreSQL) or one connection (SQLite),
 * migrated: what `claro serve` runs on. Each store's own close() leaves the shared pool alone;
 * `close()` here closes them all and then the pool, once.
 */
export interface Stores {
  readonly backend: "sqlite" | "postgres";
  readonly advisories: AdvisoryStore;
  readonly index: IndexStore;
  readonly layerExtracts: LayerExtractStore;
  readonly notifier: NotifierStore;
  readonly harborScans: HarborScanStore;
  readonly v2Layers: V2LayerStore;
  /** The job queue instances on one PostgreSQL share; null on SQLite (one instance, in-process queue). */
  readonly indexJobs: IndexJobStore | null;
  close(): Promise<void>;
}
