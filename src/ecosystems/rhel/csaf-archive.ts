import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FeedClient, Fingerprint, ParsedFetch, ParseOutput, Updater } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { bufferSlices, fileSlices, localFileFingerprint } from "../../formats/feed-file.js";
import { downloadParsed } from "../../formats/feed-download.js";
import { tarMembers } from "../../formats/tar-members.js";
import { zstdSlices } from "../../formats/zstd-slices.js";
import type { CsafFile } from "./bundle.js";
import { advisoriesOfDocument, RHEL_UPDATER_ID } from "./csaf-mapping.js";
import { type CsafDocument, documentSchema } from "./csaf-schema.js";

/**
 * One CSAF file's text as a document. Text that is not JSON (a truncated download) or lacks the
 * CSAF envelope throws FEED_INVALID naming the file; its vulnerabilities are checked later, one
 * by one, so a bad one is a problem and the rest of the document is kept.
 */
export function csafDocumentOf(path: string, text: string): CsafDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FatalError(
      "FEED_INVALID",
      `rhel: ${path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      "the download may be truncated; run the update again or check the --source path",
      { cause: e },
    );
  }
  const doc = documentSchema.safeParse(raw);
  if (!doc.success) {
    throw new FatalError(
      "FEED_INVALID",
      `rhel: ${path} is not a CSAF document (${doc.error.issues[0]?.path.join(".")}: ${doc.error.issues[0]?.message})`,
      "point --source at Red Hat CSAF VEX files",
    );
  }
  return doc.data;
}

/** What the upstream layout changes on top of the archive: members left out (deleted or newer), files added. */
export interface ArchiveOverlay {
  readonly replaced: ReadonlySet<string>;
  readonly added: readonly CsafFile[];
}

/**
 * Red Hat's `csaf_vex_<date>.tar.zst` read as a stream: zstd inflated a step at a time, the tar
 * walked one member at a time, each `.json` member parsed and mapped, then dropped. Only one
 * document is held, so memory follows the largest VEX file, not the archive (several GB
 * uncompressed). Errors come from the iteration, inside the store's transaction, which rolls
 * back: a cut or corrupt archive replaces nothing.
 */
export function parseCsafArchive(slices: Iterable<Uint8Array>, name: string, overlay: ArchiveOverlay = { replaced: new Set(), added: [] }): ParseOutput {
  const problems: Problem[] = [];
  function* all(): Generator<Advisory> {
    let documents = 0;
    for (const m of tarMembers(zstdSlices(slices, `rhel: ${name}`), `rhel: ${name}`)) {
      if (!m.path.endsWith(".json")) continue;
      documents += 1;
      if (overlay.replaced.has(m.path)) continue;
      yield* advisoriesOfDocument(csafDocumentOf(m.path, m.data.toString("utf8")), m.path, problems);
    }
    for (const f of overlay.added) yield* advisoriesOfDocument(csafDocumentOf(f.path, f.text), f.path, problems);
    if (documents === 0) throw new FatalError("FEED_INVALID", `rhel: ${name} holds no CSAF .json file`, "point --source at Red Hat's csaf_vex_<date>.tar.zst");
  }
  return { advisories: all(), problems };
}

/** The CSAF files `rels` under `dir`, read one at a time as the records are consumed (a local VEX tree). */
export function parseCsafFiles(dir: string, rels: readonly string[]): ParseOutput {
  const problems: Problem[] = [];
  function* all(): Generator<Advisory> {
    for (const rel of rels) {
      let text: string;
      try {
        text = readFileSync(join(dir, rel), "utf8");
      } catch (e) {
        throw new FatalError(
          "FEED_UNAVAILABLE",
          `rhel: ${join(dir, rel)}: ${e instanceof Error ? e.message : String(e)}`,
          "the directory changed during the update; run it again",
          { cause: e },
        );
      }
      yield* advisoriesOfDocument(csafDocumentOf(rel, text), rel, problems);
    }
  }
  return { advisories: all(), problems };
}

/**
 * `--source rhel=csaf_vex_<date>.tar.zst`: a local copy of the upstream archive is read from disk
 * as it is written; one named by URL is saved to a temporary file first and read the same way.
 */
export function archiveFileUpdater(location: string): Updater {
  const local = !/^https?:\/\//.test(location);
  return {
    id: RHEL_UPDATER_ID,
    fetch: (previous, client) => client.get(location, previous),
    parse: (body) => parseCsafArchive(bufferSlices(body), location),
    fetchParsed: async (previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> => {
      if (!local)
        return downloadParsed(
          client,
          location,
          previous,
          (path) => parseCsafArchive(fileSlices(path), location),
          (body) => parseCsafArchive(bufferSlices(body), location),
        );
      const { fingerprint, unchanged } = await localFileFingerprint(location, previous);
      return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: parseCsafArchive(fileSlices(location), location) };
    },
  };
}
