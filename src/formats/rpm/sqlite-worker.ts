import type { MessagePort } from "node:worker_threads";

/** What the rpmdb.sqlite worker is given (as workerData); `image` and `port` are transferred. */
export interface SqliteWorkerInput {
  readonly sqlitePath: string;
  readonly image: ArrayBuffer;
  /** Set to 1 (and notified) once the reply is on `port`, so the caller can wait synchronously. */
  readonly signal: Int32Array;
  readonly port: MessagePort;
  readonly maxRows: number;
  readonly deadline: number;
}

/**
 * The worker's one reply. `unreadable`: SQLite cannot open or read the file (a damaged database,
 * reported as a problem as before). `rejected`: the file is not shaped like rpm's database or goes
 * past a limit, i.e. it was built to make the reader work without end (a fatal error).
 * `ok`: the blobs, concatenated into `bytes` (one transfer) in the order of `keys`/`sizes`.
 */
export type SqliteWorkerReply =
  | { readonly kind: "ok"; readonly keys: number[]; readonly sizes: number[]; readonly bytes: ArrayBuffer; readonly errors: string[] }
  | { readonly kind: "unreadable"; readonly detail: string }
  | { readonly kind: "rejected"; readonly detail: string };

/**
 * The worker's code, plain CommonJS run with `eval: true` and no execArgv, so it starts the same
 * under tsx and from dist and loads nothing but better-sqlite3 (tested by sqlite.test.ts and
 * test/hostile/rpmdb-sqlite.test.ts, as tsc cannot check it).
 *
 * SQLite has no progress handler in better-sqlite3 (built with SQLITE_OMIT_PROGRESS_CALLBACK), so
 * a query is only safe when every step is bounded. Hence: `Packages` must be an ordinary table
 * with exactly rpm's columns, none generated (a view, a virtual table or a column expression
 * could compute without end, or build a gigabyte value from a small file);
 * the scan has no ORDER BY (no sorter, no temporary file); each step of a table scan returns a
 * row, so the row cap, the byte caps and the deadline are checked often. Blobs longer than the
 * whole file can only come from overflow pages used twice, and are refused before SQLite reads them.
 */
export const SQLITE_WORKER_SOURCE = String.raw`"use strict";
const { workerData } = require("node:worker_threads");
const { port, signal, sqlitePath, maxRows, deadline } = workerData;
let image = workerData.image;
const message = (e) => (e instanceof Error ? e.message : String(e));

function read() {
  const Database = require(sqlitePath);
  const fileSize = image.byteLength;
  let db;
  try {
    db = new Database(Buffer.from(image), { readonly: true });
  } catch (e) {
    return { kind: "unreadable", detail: "SQLite cannot open the database: " + message(e) };
  }
  image = null;
  try {
    for (const p of ["trusted_schema = OFF", "query_only = ON", "temp_store = MEMORY", "cache_size = -8192", "cell_size_check = ON", "mmap_size = 0"]) db.pragma(p);
    let found;
    try {
      found = db.prepare("SELECT type, sql FROM main.sqlite_schema WHERE type IN ('table', 'view') AND name = 'Packages' COLLATE NOCASE").all();
    } catch (e) {
      return { kind: "unreadable", detail: "SQLite cannot read the schema: " + message(e) };
    }
    if (found.length === 0) return { kind: "unreadable", detail: "no table Packages" };
    const def = found[0];
    if (def.type !== "table") return { kind: "rejected", detail: "Packages is a " + def.type + ", not a table" };
    if (/^\s*CREATE\s+VIRTUAL\b/i.test(String(def.sql))) return { kind: "rejected", detail: "Packages is a virtual table, not a table" };
    const columns = db.pragma("main.table_xinfo('Packages')");
    const names = columns.map((c) => String(c.name).toLowerCase());
    if (names.length !== 2 || !names.includes("hnum") || !names.includes("blob")) {
      return { kind: "rejected", detail: "table Packages has columns (" + names.join(", ").slice(0, 200) + "), not rpm's (hnum, blob)" };
    }
    for (const c of columns) {
      if (c.hidden !== 0) return { kind: "rejected", detail: "column Packages." + c.name + " is computed, not stored" };
    }
    const stmt = db.prepare("SELECT hnum, length(blob), CASE WHEN length(blob) <= ? THEN blob END FROM Packages").raw(true);
    const keys = [];
    const sizes = [];
    const blobs = [];
    const errors = [];
    let total = 0;
    try {
      for (const [hnum, size, blob] of stmt.iterate(fileSize)) {
        if (keys.length + errors.length >= maxRows) return { kind: "rejected", detail: "Packages has more than " + maxRows + " rows" };
        if (Date.now() > deadline) return { kind: "rejected", detail: "reading Packages did not finish in time" };
        if (typeof size === "number" && size > fileSize) return { kind: "rejected", detail: "row hnum=" + String(hnum) + " claims a " + size + "-byte blob in a " + fileSize + "-byte file" };
        if (!Buffer.isBuffer(blob)) {
          errors.push("row hnum=" + String(hnum) + " has no blob");
          continue;
        }
        total += blob.length;
        if (total > fileSize) return { kind: "rejected", detail: "its blobs add up to more bytes than the " + fileSize + "-byte file holds" };
        keys.push(typeof hnum === "number" ? hnum : typeof hnum === "bigint" ? Number(hnum) : -1);
        sizes.push(blob.length);
        blobs.push(blob);
      }
    } catch (e) {
      return { kind: "unreadable", detail: "SQLite cannot read table Packages: " + message(e) };
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const b of blobs) {
      bytes.set(b, at);
      at += b.length;
    }
    return { kind: "ok", keys, sizes, bytes: bytes.buffer, errors };
  } finally {
    db.close();
  }
}

let reply;
try {
  reply = read();
} catch (e) {
  reply = { kind: "unreadable", detail: "SQLite failed: " + message(e) };
}
port.postMessage(reply, reply.kind === "ok" ? [reply.bytes] : []);
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
`;
