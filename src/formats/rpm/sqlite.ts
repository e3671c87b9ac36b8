import Database from "better-sqlite3";

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

export function isSqlite(data: Buffer): boolean {
  return data.length >= 100 && data.subarray(0, 16).equals(SQLITE_MAGIC);
}

export interface SqliteValues {
  readonly values: { readonly key: number; readonly blob: Buffer }[];
  readonly errors: string[];
}

/**
 * Reads `Packages(hnum, blob)` from an rpm 4.16+ `rpmdb.sqlite` held in memory. The buffer is
 * deserialized straight into an in-memory database (no temp file). rpm opens its database in WAL
 * mode; SQLite refuses to deserialize a WAL-mode image, so a copy has its header's read/write
 * version bytes reset to the rollback-journal value. Pages still sitting in a `-wal` file are not seen.
 */
export function readSqliteRpmDb(data: Buffer): SqliteValues | string {
  if (!isSqlite(data)) return "not an SQLite database (bad magic)";
  const image = Buffer.from(data);
  if (image[18] === 2) image[18] = 1;
  if (image[19] === 2) image[19] = 1;
  let db: Database.Database;
  try {
    db = new Database(image, { readonly: true });
  } catch (e) {
    return `SQLite cannot open the database: ${e instanceof Error ? e.message : String(e)}`;
  }
  try {
    const rows: unknown[] = db.prepare("SELECT hnum, blob FROM Packages ORDER BY hnum").all();
    const values: { key: number; blob: Buffer }[] = [];
    const errors: string[] = [];
    for (const row of rows) {
      if (typeof row !== "object" || row === null) continue;
      const hnum: unknown = Reflect.get(row, "hnum");
      const blob: unknown = Reflect.get(row, "blob");
      const key = typeof hnum === "number" ? hnum : typeof hnum === "bigint" ? Number(hnum) : -1;
      if (Buffer.isBuffer(blob)) values.push({ key, blob });
      else errors.push(`row hnum=${String(hnum)} has no blob`);
    }
    return { values, errors };
  } catch (e) {
    return `SQLite cannot read table Packages: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    db.close();
  }
}
