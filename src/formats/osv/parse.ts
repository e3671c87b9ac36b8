import type { ParseOutput } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { isZip, zipJsonFiles } from "../zip.js";
import { type OsvMappingOptions, osvToAdvisories } from "./advisories.js";
import { parseOsvRecord } from "./schema.js";

/** One OSV JSON document and where it came from (a path relative to the feed root). */
export interface OsvFile {
  readonly path: string;
  readonly text: string;
}

/** The framing of a mirror directory read as one body; see `bundleOsvFiles`. */
export const OSV_BUNDLE_MAGIC = "claro-osv-bundle 1\n";

/**
 * Files as one body: `<bytes> <relative path>\n<content>\n` per file after a magic line. Framed,
 * not re-encoded, so each file's bytes reach the JSON parser as they were.
 */
export function bundleOsvFiles(files: Iterable<{ readonly path: string; readonly body: Buffer }>): Buffer {
  const chunks: Buffer[] = [Buffer.from(OSV_BUNDLE_MAGIC)];
  for (const f of files) chunks.push(Buffer.from(`${f.body.length} ${f.path}\n`), f.body, Buffer.from("\n"));
  return Buffer.concat(chunks);
}

function* bundleFiles(body: Buffer, updater: string): Generator<OsvFile> {
  let p = OSV_BUNDLE_MAGIC.length;
  while (p < body.length) {
    const nl = body.indexOf(0x0a, p);
    const m = nl < 0 ? null : /^([0-9]+) (.+)$/.exec(body.subarray(p, nl).toString("utf8"));
    const size = m ? Number(m[1]) : NaN;
    if (!m || nl + 1 + size + 1 > body.length)
      throw new FatalError("FEED_INVALID", `${updater}: the feed bundle is cut off at byte ${p}`, "run the update again");
    yield { path: m[2]!, text: body.subarray(nl + 1, nl + 1 + size).toString("utf8") };
    p = nl + 1 + size + 1;
  }
}

/** The files inside a body: an OSV `all.zip`, a directory bundle, or one JSON document. */
export function osvFilesOf(body: Buffer, updater: string, name = "(feed)"): Iterable<OsvFile> {
  if (isZip(body)) return zipJsonFiles(body, updater);
  if (body.subarray(0, OSV_BUNDLE_MAGIC.length).toString("utf8") === OSV_BUNDLE_MAGIC) return bundleFiles(body, updater);
  return [{ path: name, text: body.toString("utf8") }];
}

/**
 * Maps OSV files to advisories, lazily. A file that is not JSON (truncated download, cut-off
 * mirror) throws FEED_INVALID so the previous data stays; a record that does not fit the schema
 * is a problem and the rest still load. A file may hold one record or an array of records.
 */
export function parseOsvFiles(files: Iterable<OsvFile>, options: OsvMappingOptions): ParseOutput {
  const problems: Problem[] = [];
  return { advisories: advisoriesOf(files, options, problems), problems };
}

/** `parseOsvFiles(osvFilesOf(body))`: what an OSV updater's `parse` does. */
export function parseOsvBody(body: Buffer, options: OsvMappingOptions, name?: string): ParseOutput {
  return parseOsvFiles(osvFilesOf(body, options.updater, name), options);
}

function* advisoriesOf(files: Iterable<OsvFile>, options: OsvMappingOptions, problems: Problem[]): Generator<Advisory> {
  const { updater } = options;
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(file.text);
    } catch (e) {
      throw new FatalError(
        "FEED_INVALID",
        `${updater}: ${file.path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        "the file may be truncated; re-sync the mirror or run the update again",
        { cause: e },
      );
    }
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      const parsed = parseOsvRecord(item);
      if (!parsed.ok) {
        problems.push({ kind: "bad-feed-record", updater, detail: `${file.path}: ${parsed.detail}` });
        continue;
      }
      yield* osvToAdvisories(parsed.record, options, problems);
    }
  }
}
