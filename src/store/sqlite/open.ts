import type { Stores } from "../../contracts/stores.js";
import { SqliteStore } from "./advisory-store.js";
import { openHandle, sharedHandle } from "./handle.js";
import { SqliteHarborScans } from "./harbor-scans.js";
import { SqliteIndexStore } from "./index-store.js";
import { SqliteLayerExtractStore } from "./layer-extract-store.js";
import { SqliteNotifierStore } from "./notifier-store.js";
import { SqliteV2LayerStore } from "./v2-layers.js";

/**
 * Every store on one connection to `path`, both schemas migrated (advisories first, then the
 * index tables). A `:memory:` database works too: all stores see the same tables.
 */
export async function openSqliteStores(path: string): Promise<Stores> {
  const handle = openHandle(path);
  try {
    const shared = sharedHandle(handle);
    const advisories = SqliteStore.open(shared);
    await advisories.migrate();
    const index = SqliteIndexStore.open(shared);
    await index.migrate();
    const stores = {
      advisories,
      index,
      layerExtracts: SqliteLayerExtractStore.open(shared),
      notifier: SqliteNotifierStore.open(shared),
      harborScans: SqliteHarborScans.open(shared),
      v2Layers: SqliteV2LayerStore.open(shared),
    };
    return {
      backend: "sqlite",
      ...stores,
      indexJobs: null,
      close: async () => {
        await Promise.all(Object.values(stores).map((s) => s.close()));
        handle.release();
      },
    };
  } catch (e) {
    handle.release();
    throw e;
  }
}
