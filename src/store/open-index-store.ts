import type { IndexStore } from "../contracts/index-store.js";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { PostgresIndexStore } from "./postgres/index-store.js";
import { SqliteIndexStore } from "./sqlite/index-store.js";

/** Opens and migrates the index store for the same `--db` spec `openStore` takes. */
export async function openIndexStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<IndexStore> {
  const chosen = spec?.trim() || env["CLARO_DB"]?.trim() || `sqlite:${defaultSqlitePath(env)}`;
  let store: IndexStore;
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) store = new PostgresIndexStore(chosen);
  else if (chosen.startsWith("sqlite:") && chosen.length > "sqlite:".length) store = SqliteIndexStore.open(chosen.slice("sqlite:".length));
  else
    throw new FatalError("DB_ERROR", "unknown or empty database spec for the index store", "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE");
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
