import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { FeedClient, FeedSource, FetchOutcome, Fingerprint, ParsedFetch, ParseOutput, Updater, UpdaterFactory } from "../../contracts/updater.js";
import { FatalError } from "../../core/problem.js";
import { type OsvFile, parseOsvFiles } from "./osv-parse.js";
import { isZip, isZipFile, zipFileTextMembers, zipJsonFiles } from "../../formats/zip.js";
import { localFileFingerprint } from "../../formats/feed-file.js";
import { downloadParsed } from "../../formats/feed-download.js";
import { isVexText, parseVexFiles, UBUNTU_VEX_UPDATER_ID } from "./vex-mapping.js";

/**
 * Upstream: OSV.dev's bulk export of the `Ubuntu` ecosystem, one zip of every record Canonical
 * publishes in canonical/ubuntu-security-notices `osv/` (CVE records, USNs, LSNs; standard and
 * `Ubuntu:Pro:` ecosystems alike). It is the only upstream form that is one fetchable file; the
 * GitHub tree is tens of thousands of files and security-metadata.canonical.com ships .tar.xz.
 */
export const UBUNTU_OSV_UPSTREAM = "https://osv-vulnerabilities.storage.googleapis.com/Ubuntu/all.zip";
export const UBUNTU_UPDATER_ID = "ubuntu";
export const UBUNTU_ESM_UPDATER_ID = "ubuntu/esm";

/** The mirror directory layout: `osv/` (as upstream) and `osv-esm/` for a separate ESM/Pro set. */
const DIR_FEEDS: readonly (readonly [subdir: string, id: string])[] = [
  ["osv", UBUNTU_UPDATER_ID],
  ["osv-esm", UBUNTU_ESM_UPDATER_ID],
];

const BUNDLE_MAGIC = "claro-osv-bundle 1\n";

/** Every `.json` under `dir`, by relative path in sorted order (upstream's own names are kept). */
async function jsonFilesUnder(dir: string, client: FeedClient, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of await client.listDir(dir)) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    if (name.endsWith(".json")) out.push(rel);
    // listDir answers [] for a file, so anything else is walked as a directory.
    else out.push(...(await jsonFilesUnder(join(dir, name), client, rel)));
  }
  return out;
}

/**
 * A mirror directory as one body: `<bytes> <relative path>\n<content>\n` per file after a magic
 * line. Framed, not re-encoded, so each file's bytes reach the JSON parser as they were.
 */
async function bundleDir(dir: string, client: FeedClient): Promise<Buffer> {
  const chunks: Buffer[] = [Buffer.from(BUNDLE_MAGIC)];
  for (const rel of await jsonFilesUnder(dir, client)) {
    const got = await client.get(join(dir, rel), null);
    if (got.status !== "changed") continue;
    chunks.push(Buffer.from(`${got.body.length} ${rel}\n`), got.body, Buffer.from("\n"));
  }
  return Buffer.concat(chunks);
}

function* bundleFiles(body: Buffer, updater: string): Generator<OsvFile> {
  let p = BUNDLE_MAGIC.length;
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

/** A zip export, a directory bundle, or one OSV JSON document (`--source ubuntu=FILE.json`). */
export function parseUbuntuBody(body: Buffer, updater: string, name = "(feed)"): ParseOutput {
  if (isZip(body)) return parseOsvFiles(zipJsonFiles(body, updater), updater);
  if (body.subarray(0, BUNDLE_MAGIC.length).toString("utf8") === BUNDLE_MAGIC) return parseOsvFiles(bundleFiles(body, updater), updater);
  return parseOsvFiles([{ path: name, text: body.toString("utf8") }], updater);
}

function fingerprintOf(body: Buffer): Fingerprint {
  return JSON.stringify({ sha256: createHash("sha256").update(body).digest("hex") });
}

/** OpenVEX documents: a directory bundle or one document. */
export function parseVexBody(body: Buffer, name = "(feed)"): ParseOutput {
  if (body.subarray(0, BUNDLE_MAGIC.length).toString("utf8") === BUNDLE_MAGIC) return parseVexFiles(bundleFiles(body, UBUNTU_VEX_UPDATER_ID));
  return parseVexFiles([{ path: name, text: body.toString("utf8") }]);
}

const parserOf = (id: string): ((body: Buffer, name?: string) => ParseOutput) =>
  id === UBUNTU_VEX_UPDATER_ID ? parseVexBody : (body, name) => parseUbuntuBody(body, id, name);

/** A mirror directory: re-read on every run, unchanged when the bundle hashes the same. */
function dirUpdater(id: string, dir: string): Updater {
  return {
    id,
    async fetch(previous: Fingerprint | null, client: FeedClient): Promise<FetchOutcome> {
      const body = await bundleDir(dir, client);
      const fingerprint = fingerprintOf(body);
      return previous === fingerprint ? { status: "unchanged" } : { status: "changed", body, fingerprint };
    },
    parse: (body) => parserOf(id)(body),
    // The bundle's hash taken file by file, then each document read from disk when the store
    // reaches it (issue 13.3): no more than one file of the mirror is in memory at a time.
    async fetchParsed(previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
      const rels = await jsonFilesUnder(dir, client);
      const fingerprint = await dirFingerprint(dir, rels);
      if (previous === fingerprint) return { status: "unchanged" };
      const files = dirFiles(dir, rels);
      return { status: "changed", fingerprint, parsed: id === UBUNTU_VEX_UPDATER_ID ? parseVexFiles(files) : parseOsvFiles(files, id) };
    },
  };
}

/** `fingerprintOf(bundleDir(dir))`, hashing the same framing one file at a time. */
async function dirFingerprint(dir: string, rels: readonly string[]): Promise<Fingerprint> {
  const hash = createHash("sha256").update(BUNDLE_MAGIC);
  for (const rel of rels) {
    const body = await readMirrorFile(join(dir, rel));
    hash.update(`${body.length} ${rel}\n`).update(body).update("\n");
  }
  return JSON.stringify({ sha256: hash.digest("hex") });
}

async function readMirrorFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `${path}: ${e instanceof Error ? e.message : String(e)}`, "check the --source path", { cause: e });
  }
}

/** The mirror's files as the bundle frames them, each read synchronously (the store's write cannot await) when its turn comes. */
function* dirFiles(dir: string, rels: readonly string[]): Generator<OsvFile> {
  for (const rel of rels) {
    const path = join(dir, rel);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new FatalError("FEED_UNAVAILABLE", `${path}: ${e instanceof Error ? e.message : String(e)}`, "re-sync the mirror or run the update again", {
        cause: e,
      });
    }
    yield { path: rel, text };
  }
}

function locationUpdater(id: string, location: string): Updater {
  return {
    id,
    fetch: (previous, client) => client.get(location, previous),
    parse: (body) => parserOf(id)(body, basename(location)),
    ...(id === UBUNTU_VEX_UPDATER_ID
      ? {}
      : {
          fetchParsed: (previous: Fingerprint | null, client: FeedClient) =>
            /^https?:\/\//.test(location) ? urlParsed(id, location, previous, client) : localZipParsed(id, location, previous, client),
        }),
  };
}

/**
 * A local all.zip (~90 MB for today's 60,000 records) is hashed in slices and read one member at
 * a time while the store writes (issue 13); a local JSON file is read whole, as `fetch` does.
 */
async function localZipParsed(id: string, location: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
  if (!isZipFile(location)) {
    const got = await client.get(location, previous);
    return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, parsed: parserOf(id)(got.body, basename(location)) };
  }
  const { fingerprint, unchanged } = await localFileFingerprint(location, previous);
  if (unchanged) return { status: "unchanged" };
  return {
    status: "changed",
    fingerprint,
    parsed: parseOsvFiles(
      zipFileTextMembers(location, id, (name) => name.endsWith(".json")),
      id,
    ),
  };
}

/** A downloaded all.zip goes to a temporary file and is read from it as a local one. */
function urlParsed(id: string, location: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
  const parse = parserOf(id);
  return downloadParsed(
    client,
    location,
    previous,
    (path) =>
      isZipFile(path)
        ? parseOsvFiles(
            zipFileTextMembers(path, id, (name) => name.endsWith(".json")),
            id,
          )
        : parse(readFileSync(path), basename(location)),
    (body) => parse(body, basename(location)),
  );
}

/** Whether the first JSON file under `dir` (or `dir` itself, a file) is an OpenVEX document. */
async function holdsVex(location: string, client: FeedClient): Promise<boolean> {
  const first = (await client.listDir(location)).length === 0 ? location : await firstJson(location, client);
  // An all.zip is the OSV export; reading 90 MB of it as text to rule out VEX cost ~270 MB of peak memory.
  if (first === undefined || isZipFile(first)) return false;
  try {
    const got = await client.get(first, null);
    return got.status === "changed" && isVexText(got.body.toString("utf8"));
  } catch {
    // Unreadable: the OSV updater's fetch reports it with its usual error.
    return false;
  }
}

async function firstJson(dir: string, client: FeedClient): Promise<string | undefined> {
  for (const name of await client.listDir(dir)) {
    const found = name.endsWith(".json") ? join(dir, name) : await firstJson(join(dir, name), client);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * `upstream`: the OSV.dev Ubuntu export. `url`: a mirror of it, either the zip itself or a base
 * laid out like the OSV.dev bucket (`<base>/Ubuntu/all.zip`). `file`: one OSV JSON or an
 * all.zip. `dir`: a mirror of upstream's tree; with `osv/` and/or `osv-esm/` inside it, one
 * updater each (`ubuntu`, `ubuntu/esm`), else the directory itself is one OSV tree. A `vex/`
 * tree (or a file/directory of OpenVEX documents) is the alternative input `ubuntu/vex`.
 */
export const ubuntuUpdaters: UpdaterFactory = async (source: FeedSource, client: FeedClient) => {
  switch (source.kind) {
    case "upstream":
      return [locationUpdater(UBUNTU_UPDATER_ID, UBUNTU_OSV_UPSTREAM)];
    case "url": {
      const url = /\.zip([?#].*)?$/.test(source.url)
        ? source.url
        : new URL("Ubuntu/all.zip", source.url.endsWith("/") ? source.url : `${source.url}/`).toString();
      return [locationUpdater(UBUNTU_UPDATER_ID, url)];
    }
    case "file":
      return [locationUpdater((await holdsVex(source.path, client)) ? UBUNTU_VEX_UPDATER_ID : UBUNTU_UPDATER_ID, source.path)];
    case "dir": {
      const names = new Set(await client.listDir(source.path));
      const feeds = DIR_FEEDS.filter(([sub]) => names.has(sub));
      // OSV is the primary input: a mirror with osv/ ignores a vex/ beside it (see vex-mapping.ts).
      if (feeds.length > 0) return feeds.map(([sub, id]) => dirUpdater(id, join(source.path, sub)));
      if (names.has("vex")) return [dirUpdater(UBUNTU_VEX_UPDATER_ID, join(source.path, "vex"))];
      if (await holdsVex(source.path, client)) return [dirUpdater(UBUNTU_VEX_UPDATER_ID, source.path)];
      return [dirUpdater(basename(source.path) === "osv-esm" ? UBUNTU_ESM_UPDATER_ID : UBUNTU_UPDATER_ID, source.path)];
    }
  }
};
