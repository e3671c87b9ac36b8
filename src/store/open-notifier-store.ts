import type { NotifierStore } from "../contracts/notifier-store.js";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { openIndexStore } from "./open-index-store.js";
import { PostgresNotifierStore } from "./postgres/notifier-store.js";
import { SqliteNotifierStore } from "./sqlite/notifier-store.js";

/** Opens the notifier store for the same `--db` spec; its tables come from the index migrations, applied first. */
export async function openNotifierStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<NotifierStore> {
  const chosen = spec?.trim() || env["CLARO_DB"]?.trim() || `sqlite:${defaultSqlitePath(env)}`;
  await (await openIndexStore(chosen, env)).close();
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) return new PostgresNotifierStore(chosen);
  if (chosen.startsWith("sqlite:") && chosen.length > "sqlite:".length) return SqliteNotifierStore.open(chosen.slice("sqlite:".length));
  throw new FatalError("DB_ERROR", "unknown or empty database spec for the notifier store", "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE");
}
