import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import { readFileSync } from "node:fs";
import type { FeedClient, FetchOutcome, Fingerprint, ParsedFetch, ParseOutput, Updater } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { disposingOutput, downloadParsed } from "../../formats/feed-download.js";
import { localFileFingerprint } from "../../formats/feed-file.js";
import { bundleFiles, type CsafFile, unbundle } from "./bundle.js";
import { bundleFingerprint, type FileRef, jsonOf, parseSecurityDataFiles } from "./securitydata-stream.js";
import { advisoriesOfSecurityData, indexProblems, minEntries, packagesOf, SECURITYDATA_UPDATER_ID, type SecurityDataMin } from "./securitydata-mapping.js";

/** The list endpoint: pages of "min" entries, each naming its full record's `resource_url`. */
export const SECURITYDATA_LIST = "https://access.redhat.com/hydra/rest/securitydata/cve.json";
const PER_PAGE = 1000;

/** Per-CVE file names as Red Hat serves them (`cve-2024-8088.json`) or vunnel mirrors them (`CVE-2017-3509`). */
const RECORD_NAME = /^cve-\d{4}-\d+(\.json)?$/i;

/** True when a parsed JSON value is a Security Data API per-CVE document (not CSAF, not a list). */
export function looksLikeSecurityData(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value) || "document" in value) return false;
  return "name" in value && ("affected_release" in value || "package_state" in value || "threat_severity" in value);
}

function outcome(files: CsafFile[], previous: Fingerprint | null): FetchOutcome {
  const body = bundleFiles(files);
  const fingerprint = JSON.stringify({ sha256: createHash("sha256").update(body).digest("hex") });
  return previous === fingerprint ? { status: "unchanged" } : { status: "changed", body, fingerprint };
}

async function text(client: FeedClient, location: string): Promise<string> {
  const got = await client.get(location, null);
  if (got.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `${SECURITYDATA_UPDATER_ID}: ${location} answered without a body`);
  return got.body.toString("utf8");
}

async function recordsIn(dir: string, client: FeedClient, prefix: string): Promise<CsafFile[]> {
  const out: CsafFile[] = [];
  for (const name of (await client.listDir(dir)).filter((n) => RECORD_NAME.test(n))) {
    out.push({ path: `${prefix}${name}`, text: await text(client, join(dir, name)) });
  }
  return out;
}

/**
 * A mirror directory: per-CVE documents in it, or vunnel's layout `full/<CVE>` (the records) plus
 * `min/<CVE>` (the list endpoint's entries, kept as the index the records are checked against).
 */
export function securityDataDirUpdater(dir: string): Updater {
  return {
    id: SECURITYDATA_UPDATER_ID,
    async fetch(previous, client) {
      const names = new Set(await client.listDir(dir));
      const files = names.has("full")
        ? [...(await recordsIn(join(dir, "full"), client, "full/")), ...(names.has("min") ? await recordsIn(join(dir, "min"), client, "min/") : [])]
        : await recordsIn(dir, client, "");
      return outcome(files, previous);
    },
    parse: (body) => parseSecurityDataBody(body),
    fetchParsed: (previous, client) => dirFetchParsed(dir, previous, client),
  };
}

/** One per-CVE document, by path or URL (`…/securitydata/cve/CVE-2024-8088.json`). */
export function securityDataFileUpdater(location: string): Updater {
  return {
    id: SECURITYDATA_UPDATER_ID,
    fetch: (previous, client) => client.get(location, previous),
    parse: (body) => parseSecurityDataBody(body, basename(location)),
    fetchParsed: (previous, client) => fileFetchParsed(location, previous, client),
  };
}

/**
 * The list endpoint (upstream or a mirror with its query interface): pages until an empty one,
 * then each entry's full record. One request per CVE, so meant for a bounded query
 * (`cve.json?after=2024-01-01`, `?package=…`); the CSAF archive stays the bulk source.
 */
export function securityDataListUpdater(listUrl: string): Updater {
  const updater: Updater = {
    id: SECURITYDATA_UPDATER_ID,
    async fetch(previous, client) {
      const files: CsafFile[] = [];
      for (let page = 1; ; page++) {
        const url = pageUrl(listUrl, page);
        const entries = minEntries(JSON.parse(await text(client, url)) as unknown, url, []);
        for (const e of entries) files.push({ path: `full/${e.CVE}`, text: await text(client, recordUrl(e)) });
        if (entries.length < PER_PAGE) break;
      }
      return outcome(files, previous);
    },
    parse: (body) => parseSecurityDataBody(body),
    fetchParsed: (previous, client) => listFetchParsed(listUrl, previous, client, updater),
  };
  return updater;
}

function pageUrl(listUrl: string, page: number): string {
  const url = new URL(listUrl);
  url.searchParams.set("per_page", String(PER_PAGE));
  url.searchParams.set("page", String(page));
  return url.toString();
}

function recordUrl(e: SecurityDataMin): string {
  return e.resource_url ?? new URL(`cve/${e.CVE}.json`, SECURITYDATA_LIST).toString();
}

/** A local mirror directory read from disk, one document at a time; the fingerprint is `fetch`'s. */
async function dirFetchParsed(dir: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
  const recordsOf = async (sub: string, prefix: string): Promise<FileRef[]> =>
    (await client.listDir(sub)).filter((n) => RECORD_NAME.test(n)).map((n) => ({ path: `${prefix}${n}`, file: join(sub, n) }));
  const names = new Set(await client.listDir(dir));
  const refs = names.has("full")
    ? [...(await recordsOf(join(dir, "full"), "full/")), ...(names.has("min") ? await recordsOf(join(dir, "min"), "min/") : [])]
    : await recordsOf(dir, "");
  const fingerprint = bundleFingerprint(refs);
  return fingerprint === previous ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: parseSecurityDataFiles(refs) };
}

/** One document: `parseSecurityDataBody` of the file, read only when the store iterates. */
function fileParse(file: string, name: string): ParseOutput {
  const problems: Problem[] = [];
  function* advisories(): Generator<Advisory> {
    const out = parseSecurityDataBody(readFileSync(file), name);
    try {
      yield* out.advisories;
    } finally {
      problems.push(...out.problems);
    }
  }
  return { advisories: advisories(), problems };
}

async function fileFetchParsed(location: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
  const name = basename(location);
  if (!/^https?:\/\//.test(location)) {
    const { fingerprint, unchanged } = await localFileFingerprint(location, previous);
    return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: fileParse(location, name) };
  }
  return downloadParsed(
    client,
    location,
    previous,
    (path) => fileParse(path, name),
    (body) => parseSecurityDataBody(body, name),
  );
}

/**
 * The list endpoint, streamed (issue 13.3): each page is downloaded to a temporary file, read and
 * deleted before the next; each full record is downloaded to a file of its own, and the records
 * are read from disk one at a time inside the write, then deleted. A client without `download`
 * (a test's) gets `fetch` + `parse`.
 */
async function listFetchParsed(listUrl: string, previous: Fingerprint | null, client: FeedClient, whole: Updater): Promise<ParsedFetch> {
  const download = client.download?.bind(client);
  if (!download) {
    const got = await whole.fetch(previous, client);
    return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, parsed: whole.parse(got.body) };
  }
  const disposers: (() => void)[] = [];
  const disposeAll = (): void => {
    for (const d of disposers.splice(0)) d();
  };
  const save = async (url: string): Promise<string> => {
    const got = await download(url, null);
    if (got.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `${SECURITYDATA_UPDATER_ID}: ${url} answered without a body`);
    disposers.push(got.dispose);
    return got.path;
  };
  const refs: FileRef[] = [];
  try {
    for (let page = 1; ; page++) {
      const url = pageUrl(listUrl, page);
      const path = await save(url);
      const value = jsonOf(url, readFileSync(path, "utf8"));
      disposers.pop()!();
      const entries = minEntries(value, url, []);
      for (const e of entries) refs.push({ path: `full/${e.CVE}`, file: await save(recordUrl(e)) });
      if (entries.length < PER_PAGE) break;
    }
    const fingerprint = bundleFingerprint(refs);
    if (fingerprint === previous) {
      disposeAll();
      return { status: "unchanged" };
    }
    return { status: "changed", fingerprint, parsed: disposingOutput(parseSecurityDataFiles(refs), disposeAll) };
  } catch (e) {
    disposeAll();
    throw e;
  }
}

/**
 * Parses a body: one per-CVE document, or a bundle of them (with `min/` index entries). A file
 * that is not JSON throws FEED_INVALID naming it; a record that breaks the schema, and an index
 * entry whose full record is missing, are problems.
 */
export function parseSecurityDataBody(body: Buffer, name = "feed"): ParseOutput {
  const problems: Problem[] = [];
  const records: { path: string; value: unknown }[] = [];
  const index: { path: string; entry: SecurityDataMin }[] = [];
  for (const f of unbundle(body, name)) {
    const value = jsonOf(f.path, f.text);
    if (f.path.startsWith("min/") || Array.isArray(value)) index.push(...minEntries(value, f.path, problems).map((entry) => ({ path: f.path, entry })));
    else records.push({ path: f.path, value });
  }
  // The index and the records come from two requests; a stale pair shows as different fixes.
  const fixesOf = new Map<unknown, string>(records.map((r) => [(r.value as { name?: unknown }).name, packagesOf(r.value)] as const));
  problems.push(...indexProblems(index, fixesOf));
  function* all(): Generator<Advisory> {
    for (const r of records) yield* advisoriesOfSecurityData(r.value, r.path, problems);
  }
  return { advisories: all(), problems };
}
