import type Database from "better-sqlite3";

/** The tables a replace writes in bulk, each replaced per updater. */
export type BulkTable = "advisories" | "enrichments";

/**
 * The page cache while the indexes are off (KiB). Rows are appended in rowid order then, so a
 * large cache buys nothing but resident memory; the index builds sort in temporary files.
 */
const BULK_CACHE_KIB = 16384;

export interface SuspendedIndexes {
  /** The indexes dropped (none when they were kept). */
  readonly dropped: readonly string[];
  rebuild(): void;
  release(): void;
}

/**
 * Called first inside a replace's write transaction. Keeping a secondary index up to date costs
 * a B-tree insert in random key order per row (the Debian tracker's 500,000 rows arrive by source
 * package, not by namespace); building it afterwards is one sort of every row of the table. So
 * when the table holds no more rows of other updaters than twice the updater's own (a first
 * load into an empty database, or the updater that dominates it), the table's secondary indexes
 * are dropped here and `rebuild`, called after the last row, creates them again from their own
 * CREATE statements. Both happen in the same transaction: a rollback restores the indexes with
 * the old rows, and readers (WAL) see the old rows and indexes until COMMIT. Otherwise the
 * indexes stay. `release` (in a finally, also after a failure) puts the page cache size back.
 */
export function suspendIndexes(db: Database.Database, table: BulkTable, updater: string): SuspendedIndexes {
  const count = (sql: string, ...args: string[]): number =>
    Number(
      db
        .prepare(sql)
        .pluck()
        .get(...args),
    );
  const own = count(`SELECT count(*) FROM ${table} WHERE updater = ?`, updater);
  const others = count(`SELECT count(*) FROM ${table}`) - own;
  if (others > 2 * own) return { dropped: [], rebuild: () => undefined, release: () => undefined };
  const indexes = db
    .prepare<[string], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
    )
    .all(table);
  const cache = db.pragma("cache_size", { simple: true });
  db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replaceAll('"', '""')}"`);
  let released = false;
  return {
    dropped: indexes.map((i) => i.name),
    rebuild: () => {
      for (const i of indexes) db.exec(i.sql);
    },
    release: () => {
      if (!released && db.open) db.pragma(`cache_size = ${Number(cache)}`);
      released = true;
    },
  };
}
