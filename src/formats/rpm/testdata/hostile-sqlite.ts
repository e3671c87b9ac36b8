// rpmdb.sqlite files shaped to make a reader work without end, built at test time (issue 9 item 2).
import Database from "better-sqlite3";

/** A recursive query with no end: SQLite keeps producing (and, under ORDER BY, sorting) rows. */
const ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS hnum, randomblob(64) AS blob FROM c";

export type HostileSqlite = "endless-view" | "wrong-columns" | "generated-blob" | "virtual-table" | "no-packages";

function rewritten(blobColumn: string): string {
  return (
    "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY); INSERT INTO Packages VALUES (1); PRAGMA writable_schema = ON; " +
    `UPDATE sqlite_schema SET sql = 'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, ${blobColumn})' WHERE name = 'Packages'`
  );
}

const SCHEMAS: Readonly<Record<HostileSqlite, string>> = {
  "endless-view": `CREATE VIEW Packages AS ${ENDLESS}`,
  "wrong-columns": "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB, extra TEXT); INSERT INTO Packages VALUES (1, x'00', 'x')",
  // A column expression is computed at read time: 100 MB out of an 8 KB file. SQLite computes it
  // on INSERT too, so the file is made with a hand-edited schema, as an attacker would.
  "generated-blob": rewritten("blob BLOB GENERATED ALWAYS AS (zeroblob(hnum * 100000000)) VIRTUAL"),
  "virtual-table": "CREATE VIRTUAL TABLE Packages USING fts5(hnum, blob)",
  "no-packages": "CREATE TABLE Other (hnum INTEGER PRIMARY KEY, blob BLOB)",
};

/** The serialized bytes of a database with the given hostile `Packages`. */
export function hostileRpmDbSqlite(kind: HostileSqlite): Buffer {
  const db = new Database(":memory:");
  // better-sqlite3 opens in defensive mode, which forbids writing the schema table.
  db.unsafeMode(true);
  try {
    db.exec(SCHEMAS[kind]);
    return db.serialize();
  } finally {
    db.close();
  }
}

/** A well-formed `Packages(hnum, blob)` with `rows` copies of `blob` (for the row cap and deadline). */
export function rpmDbSqliteWithRows(rows: number, blob: Buffer): Buffer {
  const db = new Database(":memory:");
  try {
    db.exec("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
    const insert = db.prepare("INSERT INTO Packages (blob) VALUES (?)");
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(blob);
    })();
    return db.serialize();
  } finally {
    db.close();
  }
}
