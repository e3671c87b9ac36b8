import { readdirSync, readFileSync } from "node:fs";
import { FatalError } from "../core/problem.js";

/**
 * Versioned schema migrations: numbered SQL files, one folder per backend and schema
 * (`sqlite/migrations/advisories/0001-initial.sql`, `postgres/migrations/index/0005-index-job-queue.sql`).
 * The advisory tables (the matcher's side, table `schema_migrations`) and the index tables (the
 * indexer's side, `index_schema_migrations`) are two schemas that evolve independently in one
 * database. A file's number is its version, recorded in that table once applied; its first line,
 * `-- claro migration: NAME`, names it. A released file is frozen: change a schema by adding the
 * next number, never by editing one. Both backends hold the same numbers (checked at load).
 * `npm run build` copies the folders next to the compiled modules (scripts/copy-sql.ts).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

export type MigrationSchema = "advisories" | "index";

const FILE = /^(\d{4})-[a-z0-9]+(?:-[a-z0-9]+)*\.sql$/;
const NAME = /^-- claro migration: (.+)$/m;

function readFolder(backend: "sqlite" | "postgres", schema: MigrationSchema): Map<number, { readonly name: string; readonly sql: string }> {
  const dir = new URL(`./${backend}/migrations/${schema}/`, import.meta.url);
  const out = new Map<number, { name: string; sql: string }>();
  for (const file of readdirSync(dir).sort()) {
    const m = FILE.exec(file);
    // Only the build or a checkout can put a file here: a stray one is a bug, not input.
    if (m === null) throw new Error(`${backend}/migrations/${schema}/${file}: not a NNNN-name.sql migration`);
    const sql = readFileSync(new URL(file, dir), "utf8");
    const name = NAME.exec(sql)?.[1];
    if (name === undefined) throw new Error(`${backend}/migrations/${schema}/${file}: no '-- claro migration: NAME' line`);
    out.set(Number(m[1]), { name, sql });
  }
  return out;
}

/** The migrations of `schema` in version order, the two backends' files paired by number. */
export function loadMigrations(schema: MigrationSchema): readonly Migration[] {
  const sqlite = readFolder("sqlite", schema);
  const postgres = readFolder("postgres", schema);
  const out: Migration[] = [];
  for (let version = 1; version <= Math.max(sqlite.size, postgres.size); version++) {
    const s = sqlite.get(version);
    const p = postgres.get(version);
    if (s === undefined || p === undefined) throw new Error(`${schema} migration ${version} is missing for ${s === undefined ? "sqlite" : "postgres"}`);
    if (s.name !== p.name) throw new Error(`${schema} migration ${version} is named '${s.name}' for sqlite and '${p.name}' for postgres`);
    out.push({ version, name: s.name, sqlite: s.sql, postgres: p.sql });
  }
  return out;
}

export const MIGRATIONS: readonly Migration[] = loadMigrations("advisories");

/** The highest schema version this build knows; a database ahead of it was written by a newer claro. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** The migrations not yet in `applied`, in version order; refuses a database from a newer claro. */
export function pendingMigrations(applied: readonly number[]): readonly Migration[] {
  const newest = applied.reduce((max, v) => Math.max(max, v), 0);
  if (newest > LATEST_SCHEMA_VERSION) {
    throw new FatalError(
      "DB_ERROR",
      `database schema version ${newest} is newer than this claro supports (${LATEST_SCHEMA_VERSION})`,
      "upgrade claro, or point --db / CLARO_DB at another database",
    );
  }
  const done = new Set(applied);
  return MIGRATIONS.filter((m) => !done.has(m.version));
}
