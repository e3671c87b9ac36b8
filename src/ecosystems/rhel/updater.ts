import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename, join } from "node:path";
import type { FeedClient, FeedSource, FetchOutcome, Fingerprint, ParseOutput, Updater, UpdaterFactory } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { bufferSlices, fileSlices } from "../../formats/feed-file.js";
import { disposingOutput } from "../../formats/feed-download.js";
import { isZstdFile } from "../../formats/zstd-slices.js";
import { bundleFiles, type CsafFile, filesOfTarZst, parseIndexCsv, unbundle } from "./bundle.js";
import { advisoriesOfDocument, RHEL_UPDATER_ID } from "./csaf-mapping.js";
import { archiveFileUpdater, csafDocumentOf, parseCsafArchive, parseCsafFiles } from "./csaf-archive.js";
import { looksLikeSecurityData, securityDataDirUpdater, securityDataFileUpdater, securityDataListUpdater } from "./securitydata-updater.js";

export const RHEL_VEX_BASE = "https://security.access.redhat.com/data/csaf/v2/vex/";

function fingerprintOf(body: Buffer): Fingerprint {
  return JSON.stringify({ sha256: createHash("sha256").update(body).digest("hex") });
}

function changed(body: Buffer, previous: Fingerprint | null): FetchOutcome {
  const fingerprint = fingerprintOf(body);
  return previous === fingerprint ? { status: "unchanged" } : { status: "changed", body, fingerprint };
}

async function text(client: FeedClient, location: string): Promise<string> {
  const got = await client.get(location, null);
  if (got.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `rhel: ${location} answered without a body`);
  return got.body.toString("utf8");
}

/** Every `.json` under `dir` (relative paths), skipping what `deletions.csv` lists. */
async function jsonFilesUnder(dir: string, client: FeedClient, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of await client.listDir(dir)) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    if (name.endsWith(".json")) out.push(rel);
    else if (!name.includes(".")) out.push(...(await jsonFilesUnder(join(dir, name), client, rel)));
  }
  return out;
}

/** The `.json` files under `dir` that `deletions.csv` does not list, sorted as a bundle sorts them. */
async function keptFiles(dir: string, client: FeedClient): Promise<string[]> {
  const names = await client.listDir(dir);
  const deleted = new Set<string>();
  if (names.includes("deletions.csv")) {
    for (const [path] of parseIndexCsv(await text(client, join(dir, "deletions.csv")))) deleted.add(path).add(basename(path));
  }
  return (await jsonFilesUnder(dir, client)).filter((rel) => !deleted.has(rel) && !deleted.has(basename(rel))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A directory laid out like Red Hat's VEX tree (`<year>/<cve>.json`, optional `deletions.csv`):
 * every JSON file is read, deleted ones are left out. `unchanged` when the content hashes the same.
 * `fetchParsed` hashes the files as streams, then reads them one at a time while the store writes,
 * so an unpacked VEX tree (GBs) is never held; `fetch` + `parse` bundle them all.
 */
function directoryUpdater(dir: string): Updater {
  return {
    id: RHEL_UPDATER_ID,
    async fetch(previous, client) {
      const files: CsafFile[] = [];
      for (const rel of await keptFiles(dir, client)) files.push({ path: rel, text: await text(client, join(dir, rel)) });
      return changed(bundleFiles(files), previous);
    },
    parse: parseCsafBody,
    async fetchParsed(previous, client) {
      const rels = await keptFiles(dir, client);
      const hash = createHash("sha256");
      for (const rel of rels) {
        hash.update(`${rel}\0`);
        for await (const chunk of createReadStream(join(dir, rel))) hash.update(chunk as Buffer);
        hash.update("\0");
      }
      const fingerprint = JSON.stringify({ files: hash.digest("hex") });
      return fingerprint === previous ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: parseCsafFiles(dir, rels) };
    },
  };
}

/**
 * Upstream (or a URL mirror of the same layout): `archive_latest.txt` names the full
 * `csaf_vex_<date>.tar.zst`; files in `changes.csv` modified after the archive date are fetched on
 * top of it and `deletions.csv` entries are dropped. `fetchParsed` saves the compressed archive
 * to a temporary file, keeps the newer files, and inflates the archive a member at a time while
 * the store writes; `fetch` + `parse` build the whole inflated set as one bundle.
 */
function archiveUpdater(base: string): Updater {
  const at = (p: string): string => new URL(p, base.endsWith("/") ? base : `${base}/`).toString();
  const latest = async (client: FeedClient): Promise<string> => (await text(client, at("archive_latest.txt"))).trim();
  const download = async (client: FeedClient): Promise<{ name: string; archive: Buffer; added: CsafFile[]; deleted: Set<string> }> => {
    const name = await latest(client);
    const got = await client.get(at(name), null);
    if (got.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `rhel: ${name} answered without a body`);
    return { name, archive: got.body, ...(await overlayOf(client, name)) };
  };
  const overlayOf = async (client: FeedClient, name: string): Promise<{ added: CsafFile[]; deleted: Set<string> }> => {
    const since = /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1] ?? "";
    const added = new Map<string, CsafFile>();
    for (const [path, when] of parseIndexCsv(await text(client, at("changes.csv")))) {
      if (when > since) added.set(path, { path, text: await text(client, at(path)) });
    }
    const deleted = new Set(parseIndexCsv(await text(client, at("deletions.csv"))).map(([path]) => path));
    for (const path of deleted) added.delete(path);
    return { added: [...added.values()], deleted };
  };
  return {
    id: RHEL_UPDATER_ID,
    async fetch(previous, client) {
      const { name, archive, added, deleted } = await download(client);
      const byPath = new Map((await filesOfTarZst(archive, name)).map((f) => [f.path, f] as const));
      for (const f of added) byPath.set(f.path, f);
      for (const path of deleted) byPath.delete(path);
      return changed(bundleFiles([...byPath.values()]), previous);
    },
    parse: parseCsafBody,
    async fetchParsed(previous, client) {
      const name = await latest(client);
      const archive = await archiveOf(client, at(name), name);
      try {
        const { added, deleted } = await overlayOf(client, name);
        const hash = createHash("sha256");
        await archive.hashInto(hash);
        for (const f of [...added].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`\0${f.path}\0${f.text}`);
        for (const path of [...deleted].sort()) hash.update(`\0-${path}`);
        const fingerprint = JSON.stringify({ archive: hash.digest("hex") });
        if (fingerprint === previous) {
          archive.dispose();
          return { status: "unchanged" };
        }
        const replaced = new Set([...deleted, ...added.map((f) => f.path)]);
        return { status: "changed", fingerprint, parsed: disposingOutput(parseCsafArchive(archive.slices(), name, { replaced, added }), archive.dispose) };
      } catch (e) {
        archive.dispose();
        throw e;
      }
    },
  };
}

function fileUpdater(location: string): Updater {
  return {
    id: RHEL_UPDATER_ID,
    fetch: (previous, client) => client.get(location, previous),
    parse: (body) => parseCsafBody(body, basename(location)),
  };
}

/**
 * Parses a body (one CSAF document or a bundle of them). A file that is not JSON at all (a
 * truncated download) or lacks the CSAF envelope throws FEED_INVALID naming the file; a
 * vulnerability entry that fails the schema is a problem and the rest of the document is kept.
 */
export function parseCsafBody(body: Buffer, name = "feed"): ParseOutput {
  const problems: Problem[] = [];
  const docs = [...unbundle(body, name)].map((f) => ({ path: f.path, doc: csafDocumentOf(f.path, f.text) }));
  function* all(): Generator<Advisory> {
    for (const { path, doc } of docs) yield* advisoriesOfDocument(doc, path, problems);
  }
  return { advisories: all(), problems };
}

/** Whether a local file or URL holds a Security Data API per-CVE document (read once, to route it). */
async function isSecurityData(location: string, client: FeedClient): Promise<boolean> {
  try {
    const got = await client.get(location, null);
    return got.status === "changed" && looksLikeSecurityData(JSON.parse(got.body.toString("utf8")));
  } catch {
    // Unreadable or not JSON: the CSAF updater's fetch/parse reports it with its usual error.
    return false;
  }
}

/** A mirror of the Security Data API: vunnel's `full/` + `min/` layout, or per-CVE documents. */
async function isSecurityDataDir(dir: string, names: readonly string[], client: FeedClient): Promise<boolean> {
  if (names.includes("full")) return true;
  const first = names.find((n) => /^cve-\d{4}-\d+(\.json)?$/i.test(n));
  return first !== undefined && (await isSecurityData(join(dir, first), client));
}

/**
 * Updater `rhel`: Red Hat CSAF (one data set for every RHEL release). A source that holds the
 * Security Data API's per-CVE documents instead (a mirror directory, one file, the list
 * endpoint `…/securitydata/cve.json?…`) gets updater `rhel/securitydata`, keyed the same way.
 */
export const rhelUpdaters: UpdaterFactory = async (source: FeedSource, client: FeedClient) => {
  switch (source.kind) {
    case "upstream":
      return [archiveUpdater(RHEL_VEX_BASE)];
    case "url":
      if (/\/securitydata\/cve\.json([?#].*)?$/.test(source.url)) return [securityDataListUpdater(source.url)];
      if (/\/securitydata\/cve\/[^/?#]+\.json([?#].*)?$/.test(source.url)) return [securityDataFileUpdater(source.url)];
      if (/\.tar\.zst([?#].*)?$/.test(source.url)) return [archiveFileUpdater(source.url)];
      return [/\.json([?#].*)?$/.test(source.url) ? fileUpdater(source.url) : archiveUpdater(source.url)];
    case "file":
      // Checked first: telling security data apart reads the whole file, an archive is GBs inflated.
      if (isZstdFile(source.path)) return [archiveFileUpdater(source.path)];
      return [(await isSecurityData(source.path, client)) ? securityDataFileUpdater(source.path) : fileUpdater(source.path)];
    case "dir": {
      const names = await client.listDir(source.path);
      if (names.length === 0) return [(await isSecurityData(source.path, client)) ? securityDataFileUpdater(source.path) : fileUpdater(source.path)];
      return [(await isSecurityDataDir(source.path, names, client)) ? securityDataDirUpdater(source.path) : directoryUpdater(source.path)];
    }
  }
};

/** The upstream archive as slices: from a temporary file when the client downloads to disk, else from the body. */
async function archiveOf(
  client: FeedClient,
  url: string,
  name: string,
): Promise<{ slices: () => Iterable<Uint8Array>; hashInto: (hash: Hash) => Promise<void>; dispose: () => void }> {
  const none = (): FatalError => new FatalError("FEED_UNAVAILABLE", `rhel: ${name} answered without a body`);
  if (!client.download) {
    const got = await client.get(url, null);
    if (got.status !== "changed") throw none();
    return { slices: () => bufferSlices(got.body), hashInto: async (hash) => void hash.update(got.body), dispose: () => undefined };
  }
  const got = await client.download(url, null);
  if (got.status !== "changed") throw none();
  return {
    slices: () => fileSlices(got.path),
    hashInto: async (hash) => {
      for await (const chunk of createReadStream(got.path)) hash.update(chunk as Buffer);
    },
    dispose: got.dispose,
  };
}
