import type { LayerExtractStore } from "../contracts/layer-extract-store.js";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { PostgresLayerExtractStore } from "./postgres/layer-extract-store.js";
import { SqliteLayerExtractStore } from "./sqlite/layer-extract-store.js";
import { MemoryLayerExtractStore } from "./sqlite/memory-stores.js";

/**
 * Opens the layer-extract table for the same `--db` spec as `openIndexStore`, which must have
 * migrated it (index migration 6).
 */
export function openLayerExtractStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): LayerExtractStore {
  const chosen = spec?.trim() || env["CLARO_DB"]?.trim() || `sqlite:${defaultSqlitePath(env)}`;
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) return new PostgresLayerExtractStore(chosen);
  if (chosen === "sqlite::memory:") return new MemoryLayerExtractStore();
  if (chosen.startsWith("sqlite:") && chosen.length > "sqlite:".length) return SqliteLayerExtractStore.open(chosen.slice("sqlite:".length));
  throw new FatalError(
    "DB_ERROR",
    "unknown or empty database spec for the layer-extract store",
    "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE",
  );
}
