import { loadMigrations, type Migration } from "./migrations.js";

/**
 * Migrations of the indexer's tables (`*\/migrations/index/`), with their own
 * `index_schema_migrations` table, so they evolve independently of the advisory tables.
 */
export type IndexMigration = Migration;

export const INDEX_MIGRATIONS: readonly IndexMigration[] = loadMigrations("index");

export function pendingIndexMigrations(applied: readonly number[]): IndexMigration[] {
  const done = new Set(applied);
  return INDEX_MIGRATIONS.filter((m) => !done.has(m.version));
}
