import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Fingerprint, ParseOutput } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { bundleFiles } from "./bundle.js";
import { advisoriesOfSecurityData, indexProblems, minEntries, packagesOf, SECURITYDATA_UPDATER_ID, type SecurityDataMin } from "./securitydata-mapping.js";

/** A file of the set as the bundle names it (`full/CVE-…`, `min/CVE-…`), kept on disk at `file`. */
export interface FileRef {
  readonly path: string;
  readonly file: string;
}

const CHUNK = 1 << 16;

/** The bundle's order (by path, stable), which the fingerprint and the problems follow. */
export function bundleOrder(refs: readonly FileRef[]): FileRef[] {
  return [...refs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The fingerprint `fetch` gives the same files (the sha256 of their bundle), computed a file and a
 * chunk at a time. Each file goes through a UTF-8 decoder and back, as `fetch` turns bodies into
 * text before bundling them, so even invalid bytes hash the same.
 */
export function bundleFingerprint(refs: readonly FileRef[], chunk = CHUNK): Fingerprint {
  const hash = createHash("sha256").update(bundleFiles([]));
  const buf = Buffer.allocUnsafe(chunk);
  for (const r of bundleOrder(refs)) {
    hash.update(Buffer.from(`${r.path}\0`, "utf8"));
    const decoder = new StringDecoder("utf8");
    const fd = openSync(r.file, "r");
    try {
      for (let n = readSync(fd, buf, 0, chunk, null); n > 0; n = readSync(fd, buf, 0, chunk, null))
        hash.update(Buffer.from(decoder.write(buf.subarray(0, n)), "utf8"));
    } finally {
      closeSync(fd);
    }
    hash.update(Buffer.from(`${decoder.end()}\0`, "utf8"));
  }
  return JSON.stringify({ sha256: hash.digest("hex") });
}

/** A document's JSON; FEED_INVALID naming it when it is not JSON (truncated, say). */
export function jsonOf(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FatalError(
      "FEED_INVALID",
      `${SECURITYDATA_UPDATER_ID}: ${path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      "the download may be truncated; run the update again",
      { cause: e },
    );
  }
}

/** The set's documents, one at a time, parsed; the index (`min/` entries, list pages) told apart from the records. */
function* documents(refs: readonly FileRef[]): Generator<{ path: string; value: unknown; index: boolean }> {
  for (const r of refs) {
    const value = jsonOf(r.path, readFileSync(r.file, "utf8"));
    yield { path: r.path, value, index: r.path.startsWith("min/") || Array.isArray(value) };
  }
}

/**
 * `parseSecurityDataBody` of the bundle of `refs`, read from disk one document at a time (issue
 * 13.3): what is kept across documents is the CVE → fixed-packages line the index is checked
 * against, not the documents. The problems come in the whole-body parse's order (the index's
 * entries, then its checks, then the records'), so the set is read in three passes; a document
 * that is not JSON throws FEED_INVALID from the loop, inside the store's write.
 */
export function parseSecurityDataFiles(refs: readonly FileRef[]): ParseOutput {
  const sorted = bundleOrder(refs);
  const problems: Problem[] = [];
  function* advisories(): Generator<Advisory> {
    const fixesOf = new Map<unknown, string>();
    let indexed = false;
    for (const d of documents(sorted)) {
      if (d.index) {
        indexed = true;
        minEntries(d.value, d.path, problems);
      } else fixesOf.set((d.value as { name?: unknown }).name, packagesOf(d.value));
    }
    if (indexed) {
      for (const d of documents(sorted)) {
        if (!d.index) continue;
        const index: { path: string; entry: SecurityDataMin }[] = minEntries(d.value, d.path, []).map((entry) => ({ path: d.path, entry }));
        problems.push(...indexProblems(index, fixesOf));
      }
    }
    for (const d of documents(sorted)) if (!d.index) yield* advisoriesOfSecurityData(d.value, d.path, problems);
  }
  return { advisories: advisories(), problems };
}
