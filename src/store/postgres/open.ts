import type { Stores } from "../../contracts/stores.js";
import { PostgresStore } from "./advisory-store.js";
import { PostgresHarborScans } from "./harbor-scans.js";
import { PostgresIndexJobs } from "./index-queue.js";
import { PostgresIndexStore } from "./index-store.js";
import { PostgresLayerExtractStore } from "./layer-extract-store.js";
import { PostgresNotifierStore } from "./notifier-store.js";
import { ownPool, sharedPool } from "./pool.js";
import { PostgresV2LayerStore } from "./v2-layers.js";

/**
 * Connections of `claro serve`'s one pool. What may hold one at a time: the index workers and
 * request handlers (queries are short), an update (its lock session plus its write transaction),
 * webhook delivery, and the index queue's LISTEN session, which keeps one for as long as it runs.
 */
export const SERVER_POOL_SIZE = 10;

/** Every store on one pool, both schemas migrated (advisories first, then the index tables). */
export async function openPostgresStores(url: string, o: { readonly maxConnections?: number } = {}): Promise<Stores> {
  const conn = ownPool(url, { max: o.maxConnections ?? SERVER_POOL_SIZE, applicationName: "claro-serve" });
  try {
    const shared = sharedPool(conn);
    const advisories = new PostgresStore(shared);
    await advisories.migrate();
    const index = new PostgresIndexStore(shared);
    await index.migrate();
    const stores = {
      advisories,
      index,
      layerExtracts: new PostgresLayerExtractStore(shared),
      notifier: new PostgresNotifierStore(shared),
      harborScans: new PostgresHarborScans(shared),
      v2Layers: new PostgresV2LayerStore(shared),
      indexJobs: new PostgresIndexJobs(shared),
    };
    return {
      backend: "postgres",
      ...stores,
      close: async () => {
        // The queue first: it hands its LISTEN session back to the pool before the pool ends.
        await stores.indexJobs.close();
        await Promise.all(Object.values(stores).map((s) => s.close()));
        await conn.release();
      },
    };
  } catch (e) {
    await conn.release();
    throw e;
  }
}
