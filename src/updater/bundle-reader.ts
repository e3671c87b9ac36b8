import { createHash, type Hash } from "node:crypto";
import { statSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { Progress } from "../contracts/image-source.js";
import type { AdvisoryStore, StoredRecord, UpdateRun } from "../contracts/store.js";
import { bundleInvalid, parseHeader, parseLine, type BundleHeader } from "./bundle-format.js";
import { gunzipLines } from "./bundle-lines.js";

const NL = Buffer.from("\n");

export interface BundleReadOptions {
  /** Called with each chunk size of the compressed file as it is read (progress). */
  readonly onBytes?: (n: number) => void;
  /** The header line a first pass saw; a different one means the file changed since. */
  readonly expectHeaderLine?: string;
}

export interface BundleSummary {
  readonly header: BundleHeader;
  readonly headerLine: string;
  readonly records: number;
}

/**
 * Streams a bundle's records while checking all of it: header, per-updater order, counts and
 * sha256, the whole-content sha256 in the trailer, and nothing after it. Any fault throws
 * BUNDLE_INVALID, at the latest before the generator finishes, so a consumer that writes inside
 * a transaction and commits only after the last record never commits a bad bundle.
 */
export async function* readBundleRecords(file: string, options: BundleReadOptions = {}): AsyncGenerator<StoredRecord, BundleSummary, undefined> {
  const whole = createHash("sha256");
  let header: BundleHeader | undefined;
  let headerLine = "";
  let section = 0;
  let inSection = 0;
  let sectionHash: Hash = createHash("sha256");
  let total = 0;
  let lineNo = 0;
  let ended = false;

  // Moves past the current updater (and any empty ones after it), checking each one's sha256.
  const closeSections = (h: BundleHeader): void => {
    for (;;) {
      const u = h.updaters[section];
      if (u === undefined || inSection < u.recordCount) return;
      if (sectionHash.digest("hex") !== u.sha256) throw bundleInvalid(file, `the records of ${u.updater} do not match their sha256 in the header`);
      section += 1;
      inSection = 0;
      sectionHash = createHash("sha256");
    }
  };

  for await (const buf of gunzipLines(file, options.onBytes)) {
    lineNo += 1;
    if (ended) throw bundleInvalid(file, `line ${lineNo} follows the trailer line`);
    const text = buf.toString("utf8");
    if (header === undefined) {
      header = parseHeader(text, file);
      headerLine = text;
      if (options.expectHeaderLine !== undefined && options.expectHeaderLine !== text) {
        throw bundleInvalid(file, "it changed while it was being imported");
      }
      whole.update(buf).update(NL);
      closeSections(header);
      continue;
    }
    const parsed = parseLine(text, file, `line ${lineNo}`);
    const current = header.updaters[section];
    if (parsed.kind === "trailer") {
      if (current !== undefined) {
        throw bundleInvalid(file, `the header declares ${current.recordCount} records for ${current.updater} but the bundle holds ${inSection}`);
      }
      if (whole.digest("hex") !== parsed.trailer.sha256) throw bundleInvalid(file, "its content does not match the sha256 in its trailer");
      if (parsed.trailer.records !== total) throw bundleInvalid(file, `the trailer counts ${parsed.trailer.records} records but the bundle holds ${total}`);
      ended = true;
      continue;
    }
    if (current === undefined) throw bundleInvalid(file, `line ${lineNo} is a record beyond the ${total} the header declares`);
    if (parsed.advisory.updater !== current.updater) {
      throw bundleInvalid(
        file,
        `line ${lineNo} belongs to ${parsed.advisory.updater}, but the header declares ${current.recordCount} records for ${current.updater} and there are ${inSection} so far`,
      );
    }
    whole.update(buf).update(NL);
    sectionHash.update(buf).update(NL);
    inSection += 1;
    total += 1;
    yield parsed.advisory;
    closeSections(header);
  }
  if (header === undefined) throw bundleInvalid(file, "it is empty");
  if (!ended) throw bundleInvalid(file, "it ends without its trailer line (truncated)");
  return { header, headerLine, records: total };
}

/** Reads a whole bundle and checks it, keeping nothing but the header. */
export async function verifyBundle(file: string, options: BundleReadOptions = {}): Promise<BundleSummary> {
  const it = readBundleRecords(file, options);
  for (;;) {
    const r = await it.next();
    if (r.done === true) return r.value;
  }
}

export interface BundleImportResult {
  readonly header: BundleHeader;
  readonly counts: ReadonlyMap<string, number>;
  readonly records: number;
}

/**
 * `claro db import`: verifies the whole bundle first, then imports it in one store transaction
 * while checking it again, so a file swapped between the passes is also refused.
 */
export async function importBundle(
  store: Pick<AdvisoryStore, "importAdvisories">,
  file: string,
  options: { readonly schemaVersion: number; readonly progress?: Progress },
): Promise<BundleImportResult> {
  const size = fileSize(file);
  const verifying = options.progress?.start("verifying bundle", size, "bytes");
  const first = await verifyBundle(file, { onBytes: (n) => verifying?.advance(n) });
  verifying?.done();
  const { header } = first;
  if (header.schemaVersion > options.schemaVersion) {
    throw new FatalError(
      "BUNDLE_INVALID",
      `bundle ${file} was written by a newer claro (database schema ${header.schemaVersion}, this one knows ${options.schemaVersion})`,
      "import it with the claro version that exported it, or newer",
    );
  }
  const runs: UpdateRun[] = header.updaters.map((u) => ({
    updater: u.updater,
    fingerprint: u.fingerprint,
    // The data is as old as its last upstream change, not as the import: data-age warnings stay honest.
    startedAt: u.lastChangedAt,
    finishedAt: u.lastChangedAt,
    status: "changed",
    recordCount: u.recordCount,
    error: null,
  }));
  const importing = options.progress?.start("importing bundle", size, "bytes");
  const counts = await store.importAdvisories(runs, readBundleRecords(file, { expectHeaderLine: first.headerLine, onBytes: (n) => importing?.advance(n) }));
  importing?.done();
  return { header, counts, records: first.records };
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (e) {
    throw new FatalError(
      "CONFIG_INVALID",
      `cannot read bundle ${file}: ${e instanceof Error ? e.message : String(e)}`,
      "give the path of a file written by `claro db export`",
      { cause: e },
    );
  }
}
