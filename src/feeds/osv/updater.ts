import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import type { FeedClient, FeedSource, FetchOutcome, Fingerprint, ParsedFetch, Updater, UpdaterFactory } from "../../contracts/updater.js";
import { readFileSync } from "node:fs";
import { localFileFingerprint } from "../../formats/feed-file.js";
import { downloadParsed } from "../../formats/feed-download.js";
import { isZipFile, zipFileTextMembers } from "../../formats/zip.js";
import type { OsvMappingOptions } from "../../formats/osv/advisories.js";
import { bundleOsvFiles, parseOsvBody, parseOsvFiles } from "../../formats/osv/parse.js";

export interface OsvUpdaterOptions extends Omit<OsvMappingOptions, "updater"> {
  /** Updater id, e.g. `osv/go`. */
  readonly id: string;
  /** OSV.dev's per-ecosystem bulk export, e.g. `https://osv-vulnerabilities.storage.googleapis.com/Go/all.zip`. */
  readonly upstreamZipUrl: string;
  /** The bucket folder of the ecosystem (`Go`, `npm`, `PyPI`): `url` bases resolve to `<base>/<this>/all.zip`. */
  readonly osvEcosystem: string;
  /**
   * A sub-directory to prefer inside a `dir` source (e.g. `go` for a mirror holding `go/`,
   * `npm/`…); when absent there, the directory itself is the ecosystem's tree.
   */
  readonly ecosystemDir?: string;
}

/** Every `.json` under `dir`, by relative path in sorted order. */
async function jsonFilesUnder(dir: string, client: FeedClient, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of [...(await client.listDir(dir))].sort()) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    if (name.endsWith(".json")) out.push(rel);
    // listDir answers [] for a file, so anything else is walked as a directory.
    else out.push(...(await jsonFilesUnder(join(dir, name), client, rel)));
  }
  return out;
}

function fingerprintOf(body: Buffer): Fingerprint {
  return JSON.stringify({ sha256: createHash("sha256").update(body).digest("hex") });
}

/**
 * A generic OSV updater. `upstream`: `upstreamZipUrl`. `url`: a `.zip` URL as-is, else a base laid
 * out like the OSV.dev bucket (`<base>/<osvEcosystem>/all.zip`). `file`: an `all.zip` or one OSV
 * JSON file (a record or an array of records). `dir`: a mirror directory of OSV JSON files
 * (recursively), re-read every run and `unchanged` when its content hashes the same.
 * Truncated or unparseable bodies throw FEED_INVALID; records that fail the schema are problems.
 */
export function osvUpdaterFactory(options: OsvUpdaterOptions): UpdaterFactory {
  const mapping: OsvMappingOptions = { ...options, updater: options.id };
  const location = (loc: string): Updater => ({
    id: options.id,
    fetch: (previous, client) => client.get(loc, previous),
    parse: (body) => parseOsvBody(body, mapping, basename(loc)),
    fetchParsed: (previous: Fingerprint | null, client: FeedClient) =>
      /^https?:\/\//.test(loc) ? urlParsed(loc, previous, client) : localParsed(loc, previous, client),
  });
  /** A downloaded all.zip is saved to a temporary file and read from it one member at a time, as a local one. */
  const urlParsed = (loc: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> =>
    downloadParsed(
      client,
      loc,
      previous,
      (path) =>
        isZipFile(path)
          ? parseOsvFiles(
              zipFileTextMembers(path, options.id, (name) => name.endsWith(".json")),
              mapping,
            )
          : parseOsvBody(readFileSync(path), mapping, basename(loc)),
      (body) => parseOsvBody(body, mapping, basename(loc)),
    );
  /**
   * A local all.zip is hashed in slices and read one member at a time while the store writes
   * (issue 13: npm's export is ~90 MB); a local JSON file is small and read whole, as `fetch` does.
   */
  const localParsed = async (loc: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> => {
    if (!isZipFile(loc)) {
      const got = await client.get(loc, previous);
      return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, parsed: parseOsvBody(got.body, mapping, basename(loc)) };
    }
    const { fingerprint, unchanged } = await localFileFingerprint(loc, previous);
    if (unchanged) return { status: "unchanged" };
    return {
      status: "changed",
      fingerprint,
      parsed: parseOsvFiles(
        zipFileTextMembers(loc, options.id, (name) => name.endsWith(".json")),
        mapping,
      ),
    };
  };
  const directory = (dir: string): Updater => ({
    id: options.id,
    async fetch(previous: Fingerprint | null, client: FeedClient): Promise<FetchOutcome> {
      const files: { path: string; body: Buffer }[] = [];
      for (const rel of await jsonFilesUnder(dir, client)) {
        const got = await client.get(join(dir, rel), null);
        if (got.status === "changed") files.push({ path: rel, body: got.body });
      }
      const body = bundleOsvFiles(files);
      const fingerprint = fingerprintOf(body);
      return previous === fingerprint ? { status: "unchanged" } : { status: "changed", body, fingerprint };
    },
    parse: (body) => parseOsvBody(body, mapping),
  });
  return async (source: FeedSource, client: FeedClient) => {
    switch (source.kind) {
      case "upstream":
        return [location(options.upstreamZipUrl)];
      case "url": {
        if (/\.(zip|json)([?#].*)?$/.test(source.url)) return [location(source.url)];
        const base = source.url.endsWith("/") ? source.url : `${source.url}/`;
        return [location(new URL(`${encodeURIComponent(options.osvEcosystem)}/all.zip`, base).toString())];
      }
      case "file":
        return [location(source.path)];
      case "dir": {
        const sub = options.ecosystemDir;
        if (sub !== undefined && (await client.listDir(source.path)).includes(sub)) return [directory(join(source.path, sub))];
        return [directory(source.path)];
      }
    }
  };
}
