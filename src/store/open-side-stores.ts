import type { HarborScanStore } from "../contracts/harbor-scan-store.js";
import type { V2LayerStore } from "../contracts/v2-layer-store.js";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { PostgresHarborScans } from "./postgres/harbor-scans.js";
import { PostgresV2LayerStore } from "./postgres/v2-layers.js";
import { SqliteHarborScans } from "./sqlite/harbor-scans.js";
import { MemoryHarborScans } from "./sqlite/memory-stores.js";
import { SqliteV2LayerStore } from "./sqlite/v2-layers.js";

/**
 * Opens the v2 layer table on a connection of its own for the same `--db` spec as
 * `openIndexStore`, which must have migrated it. `claro serve` uses openStores, one pool for all.
 */
export function openV2LayerStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): V2LayerStore {
  const chosen = spec?.trim() || env["CLARO_DB"]?.trim() || `sqlite:${defaultSqlitePath(env)}`;
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) return new PostgresV2LayerStore(chosen);
  if (chosen.startsWith("sqlite:") && chosen.length > "sqlite:".length) return SqliteV2LayerStore.open(chosen.slice("sqlite:".length));
  throw new FatalError("DB_ERROR", "unknown or empty database spec for the v2 layer store", "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE");
}

/** The Harbor scan jobs of the same `--db` spec on a connection of their own (index migrations 2 and 8). */
export function openHarborScanStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): HarborScanStore {
  const chosen = spec?.trim() || env["CLARO_DB"]?.trim() || `sqlite:${defaultSqlitePath(env)}`;
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) return new PostgresHarborScans(chosen);
  // A second connection to `:memory:` would be another, empty database.
  if (chosen === "sqlite::memory:") return new MemoryHarborScans();
  if (chosen.startsWith("sqlite:") && chosen.length > "sqlite:".length) return SqliteHarborScans.open(chosen.slice("sqlite:".length));
  throw new FatalError(
    "DB_ERROR",
    "unknown or empty database spec for the Harbor scan store",
    "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE",
  );
}
