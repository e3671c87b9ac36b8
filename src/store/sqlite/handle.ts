import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { FatalError } from "../../core/problem.js";

export const MEMORY = ":memory:";
const BUSY_TIMEOUT_MS = 10_000;

/**
 * A better-sqlite3 connection and who closes it. `claro serve` opens one for all its stores
 * (openSqliteStores): each store gets it shared and its close() leaves it open; the bundle's
 * close() closes it once. A store opened on its own (a one-shot CLI command, a test) owns one.
 */
export interface SqliteHandle {
  readonly db: Database.Database;
  /** The database file, or `:memory:`. */
  readonly path: string;
  /** True when other stores use the same connection (see SqliteStore.importAdvisories). */
  readonly shared: boolean;
  /** Closes the connection if this holder owns it. */
  release(): void;
}

/** Opens (creating directories and the file as needed) with claro's connection settings. */
export function openHandle(path: string): SqliteHandle {
  let db: Database.Database;
  try {
    if (path !== MEMORY) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (e) {
    throw new FatalError(
      "DB_ERROR",
      `cannot open SQLite database ${path}: ${firstLine(e)}`,
      `check that ${path === MEMORY ? "memory is available" : `${dirname(path)} is a writable directory`}, or choose another path with --db sqlite:PATH`,
      { cause: e },
    );
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL lets another process (or a writer connection of this one) read the old data during an update.
    if (path !== MEMORY) db.pragma("journal_mode = WAL");
    // NORMAL is durable against process crashes in WAL mode; only power loss can drop the last commit.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // A 64 MB page cache keeps index pages of a large replace in memory instead of spilling to the WAL.
    db.pragma("cache_size = -65536");
    // A full replace writes the whole set to the WAL; cap what stays on disk after the checkpoint.
    if (path !== MEMORY) db.pragma("journal_size_limit = 67108864");
  } catch (e) {
    db.close();
    throw new FatalError("DB_ERROR", `cannot use SQLite database ${path}: ${firstLine(e)}`, "is it a claro database file?", { cause: e });
  }
  return {
    db,
    path,
    shared: false,
    release: () => {
      if (db.open) db.close();
    },
  };
}

/** The same connection for another store, which must not close it. */
export function sharedHandle(h: SqliteHandle): SqliteHandle {
  return { db: h.db, path: h.path, shared: true, release: () => undefined };
}

/** A store's connection: a path opens one of its own, a SqliteHandle is used as given. */
export function handleFor(conn: string | SqliteHandle): SqliteHandle {
  return typeof conn === "string" ? openHandle(conn) : conn;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
