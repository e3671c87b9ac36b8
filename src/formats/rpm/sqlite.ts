import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { SQLITE_WORKER_SOURCE, type SqliteWorkerInput, type SqliteWorkerReply } from "./sqlite-worker.js";

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

export function isSqlite(data: Buffer): boolean {
  return data.length >= 100 && data.subarray(0, 16).equals(SQLITE_MAGIC);
}

export interface SqliteValues {
  readonly values: { readonly key: number; readonly blob: Buffer }[];
  readonly errors: string[];
}

/** A database built to make the reader work without end, or past a limit: not to be read at all. */
export interface SqliteRejected {
  readonly rejected: string;
}

export interface SqliteLimits {
  /** Wall-clock time for the whole read, worker start included. */
  readonly deadlineMs: number;
  /** More rows than any real system has packages (a full Fedora has about 5,000). */
  readonly maxRows: number;
}

/** 5 s, plus 1 s per 10 MB so a big real database on a loaded machine is not refused. */
export function defaultSqliteLimits(size: number): SqliteLimits {
  return { deadlineMs: 5000 + Math.ceil(size / 10_000), maxRows: 100_000 };
}

const sqlitePath = createRequire(import.meta.url).resolve("better-sqlite3");

/**
 * Reads `Packages(hnum, blob)` from an rpm 4.16+ `rpmdb.sqlite` held in memory, in a worker thread
 * (see sqlite-worker.ts for the checks it makes). The scanner interface is synchronous, so this
 * thread waits on an Atomics flag, with a deadline, and takes the reply with receiveMessageOnPort;
 * past the deadline the worker is terminated and the database rejected, so one hostile file blocks
 * the caller (the server's event loop included) for a bounded time only.
 *
 * The bytes go to the worker as a transferred copy, deserialized into an in-memory database (no
 * file). rpm opens its database in WAL mode; SQLite refuses to deserialize a WAL-mode image, so
 * the copy has its header's read/write version bytes reset to the rollback-journal value. Pages
 * still sitting in a `-wal` file are not seen.
 */
export function readSqliteRpmDb(data: Buffer, limits: SqliteLimits = defaultSqliteLimits(data.length)): SqliteValues | SqliteRejected | string {
  if (!isSqlite(data)) return "not an SQLite database (bad magic)";
  const image = new ArrayBuffer(data.length);
  const bytes = new Uint8Array(image);
  bytes.set(data);
  if (bytes[18] === 2) bytes[18] = 1;
  if (bytes[19] === 2) bytes[19] = 1;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const started = Date.now();
  const input: SqliteWorkerInput = { sqlitePath, image, signal, port: port2, maxRows: limits.maxRows, deadline: started + limits.deadlineMs };
  const worker = new Worker(SQLITE_WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: input,
    transferList: [port2, image],
    // The blobs are outside the JS heap; this caps the row bookkeeping.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  worker.unref();
  try {
    // A little longer than the worker's own deadline, so its clearer message usually wins.
    const waited = Atomics.wait(signal, 0, 0, limits.deadlineMs + 500);
    const reply = receiveMessageOnPort(port1)?.message as SqliteWorkerReply | undefined;
    if (waited === "timed-out" || reply === undefined) return { rejected: `reading it did not finish within ${Math.round((Date.now() - started) / 1000)} s` };
    if (reply.kind === "rejected") return { rejected: reply.detail };
    if (reply.kind === "unreadable") return reply.detail;
    const all = Buffer.from(reply.bytes);
    const values: { key: number; blob: Buffer }[] = [];
    let at = 0;
    reply.keys.forEach((key, i) => {
      const size = reply.sizes[i] ?? 0;
      values.push({ key, blob: all.subarray(at, at + size) });
      at += size;
    });
    values.sort((a, b) => a.key - b.key);
    return { values, errors: reply.errors };
  } finally {
    port1.close();
    // Usually already done. Terminating one stuck in SQLite takes effect at its next row.
    void worker.terminate();
  }
}
