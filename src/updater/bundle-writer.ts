import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { FatalError } from "../core/problem.js";
import type { Progress } from "../contracts/image-source.js";
import type { AdvisoryStore, StoredRecord } from "../contracts/store.js";
import { BUNDLE_FORMAT, BUNDLE_TRAILER, BUNDLE_VERSION, canonicalLine, type BundleHeader, type BundleUpdater } from "./bundle-format.js";

/** Spool writes are batched to about this size: one syscall per batch instead of per record. */
const SPOOL_BATCH_BYTES = 1 << 20;

export interface BundleWriteOptions {
  /** The store's schema version, recorded so an older claro can refuse a newer bundle. */
  readonly schemaVersion: number;
  readonly progress?: Progress;
  readonly now?: Date;
}

export interface BundleWriteResult {
  readonly header: BundleHeader;
  readonly records: number;
  /** Size and sha256 of the compressed file, for checking a copy out of band. */
  readonly bytes: number;
  readonly sha256: string;
}

type ExportSource = Pick<AdvisoryStore, "status" | "fingerprint" | "exportAdvisories" | "exportEnrichments">;

/** An updater's advisories, then its enrichment records: one updater holds one or the other. */
async function* updaterRecords(store: ExportSource, updater: string): AsyncGenerator<StoredRecord> {
  yield* store.exportAdvisories(updater);
  yield* store.exportEnrichments(updater);
}

/**
 * `claro db export`: the header carries each updater's count and sha256, which are only known
 * after its records are read, so records go to a spool file first and are then copied behind the
 * header. The bundle appears under `file` only when complete (rename).
 */
export async function writeBundle(store: ExportSource, file: string, options: BundleWriteOptions): Promise<BundleWriteResult> {
  const withData = (await store.status()).filter((s) => s.lastChangedAt !== null);
  if (withData.length === 0) {
    throw new FatalError("DB_EMPTY", "the database holds no updater data to export", "run `claro db update` first");
  }
  const spool = `${file}.spool-${process.pid}.tmp`;
  const partial = `${file}.partial-${process.pid}.tmp`;
  try {
    const task = options.progress?.start(
      "exporting advisories",
      withData.reduce((n, s) => n + s.recordCount, 0),
    );
    const out = await open(spool, "wx");
    const entries: BundleUpdater[] = [];
    let records = 0;
    try {
      for (const s of withData) {
        const hash = createHash("sha256");
        let count = 0;
        let batch: string[] = [];
        let batchBytes = 0;
        for await (const a of updaterRecords(store, s.updater)) {
          const line = `${canonicalLine(a)}\n`;
          hash.update(line);
          batch.push(line);
          batchBytes += line.length;
          count += 1;
          if (batchBytes >= SPOOL_BATCH_BYTES) {
            await write(out, batch.join(""));
            task?.advance(batch.length);
            batch = [];
            batchBytes = 0;
          }
        }
        await write(out, batch.join(""));
        task?.advance(batch.length);
        // Each updater is read from its own snapshot; a run committed since `status` would pair
        // these records with the wrong fingerprint.
        if ((await store.fingerprint(s.updater)) !== s.fingerprint) {
          throw new FatalError("DB_ERROR", `the data of ${s.updater} changed during the export`, "run `claro db export` again once the update has finished");
        }
        entries.push({ updater: s.updater, fingerprint: s.fingerprint, lastChangedAt: s.lastChangedAt ?? "", recordCount: count, sha256: hash.digest("hex") });
        records += count;
      }
    } finally {
      await out.close();
    }
    task?.done();
    const header: BundleHeader = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      createdAt: (options.now ?? new Date()).toISOString(),
      schemaVersion: options.schemaVersion,
      updaters: entries,
    };
    const fileHash = createHash("sha256");
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        fileHash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(Readable.from(content(header, spool, records)), createGzip(), tap, createWriteStream(partial, { flags: "wx" }));
    await rename(partial, file);
    return { header, records, bytes, sha256: fileHash.digest("hex") };
  } catch (e) {
    if (e instanceof FatalError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new FatalError("DB_ERROR", `cannot write bundle ${file}: ${message.split("\n")[0]}`, "check that the directory exists and is writable", { cause: e });
  } finally {
    await rm(spool, { force: true });
    await rm(partial, { force: true });
  }
}

/** Header, the spooled records, then the trailer with the sha256 of every byte before it. */
async function* content(header: BundleHeader, spool: string, records: number): AsyncGenerator<Buffer> {
  const whole = createHash("sha256");
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  whole.update(head);
  yield head;
  for await (const chunk of createReadStream(spool)) {
    const b = chunk as Buffer;
    whole.update(b);
    yield b;
  }
  yield Buffer.from(`${JSON.stringify({ format: BUNDLE_TRAILER, records, sha256: whole.digest("hex") })}\n`);
}

async function write(out: FileHandle, text: string): Promise<void> {
  if (text !== "") await out.writeFile(text);
}
