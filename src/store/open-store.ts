import type { AdvisoryStore } from "../contracts/store.js";
import type { Stores } from "../contracts/stores.js";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { PostgresStore } from "./postgres/advisory-store.js";
import { SqliteStore } from "./sqlite/advisory-store.js";
import { openPostgresStores } from "./postgres/open.js";
import { openSqliteStores } from "./sqlite/open.js";

/**
 * Opens and migrates the store named by `spec` (`--db`): `sqlite:PATH`, `sqlite::memory:`,
 * `postgres://…` / `postgresql://…` (optional `?schema=NAME`). Without a spec, `CLARO_DB`, and
 * without that the SQLite file under the user's cache directory.
 */
export async function openStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<AdvisoryStore> {
  const chosen = nonEmpty(spec) ?? nonEmpty(env["CLARO_DB"]) ?? `sqlite:${defaultSqlitePath(env)}`;
  const store = createStore(chosen);
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}

/**
 * Every store of the database `spec` names (as openStore reads it), on one pool or connection,
 * both schemas migrated: what `claro serve` runs on.
 */
export async function openStores(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Stores> {
  const chosen = nonEmpty(spec) ?? nonEmpty(env["CLARO_DB"]) ?? `sqlite:${defaultSqlitePath(env)}`;
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) return openPostgresStores(chosen);
  // createStore names what is wrong with any other spec.
  if (!chosen.startsWith("sqlite:") || chosen === "sqlite:") await createStore(chosen).close();
  return openSqliteStores(chosen.slice("sqlite:".length));
}

function createStore(spec: string): AdvisoryStore {
  if (spec.startsWith("postgres://") || spec.startsWith("postgresql://")) return new PostgresStore(spec);
  if (spec.startsWith("sqlite:")) {
    const path = spec.slice("sqlite:".length);
    if (path === "") {
      throw new FatalError("DB_ERROR", "the database spec sqlite: names no file", "use --db sqlite:PATH, e.g. sqlite:./claro.sqlite");
    }
    return SqliteStore.open(path);
  }
  throw new FatalError(
    "DB_ERROR",
    `unknown database spec ${JSON.stringify(spec.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@"))}`,
    "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE (or set CLARO_DB)",
  );
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === "" ? undefined : s.trim();
}
