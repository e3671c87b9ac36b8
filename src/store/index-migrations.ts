/**
 * Migrations of the indexer's tables, a list separate from the matcher's (migrations.ts) with its
 * own `index_schema_migrations` table, so the two sides evolve independently. Entries are frozen
 * once released: append, never edit.
 */
export interface IndexMigration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

const STATE_CHECK = "'CheckManifest', 'FetchLayers', 'ScanLayers', 'Coalesce', 'IndexManifest', 'IndexFinished', 'IndexError'";

export const INDEX_MIGRATIONS: readonly IndexMigration[] = [
  {
    version: 1,
    name: "index reports by manifest",
    sqlite: `CREATE TABLE index_reports (
  manifest TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN (${STATE_CHECK})),
  error TEXT,
  index_state TEXT NOT NULL,
  report TEXT,
  updated_at TEXT NOT NULL
);`,
    postgres: `CREATE TABLE index_reports (
  manifest text PRIMARY KEY,
  state text NOT NULL CHECK (state IN (${STATE_CHECK})),
  error text,
  index_state text NOT NULL,
  report jsonb,
  updated_at timestamptz NOT NULL
);`,
  },
];

export function pendingIndexMigrations(applied: readonly number[]): IndexMigration[] {
  const done = new Set(applied);
  return INDEX_MIGRATIONS.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
}
