import { createHash } from "node:crypto";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import type { Enrichment, EnrichmentUpdater, EnrichmentUpdaterFactory, ParsedEnrichmentFetch } from "../../contracts/enrichment.js";
import type { FeedClient, FeedSource, FetchOutcome, Fingerprint } from "../../contracts/updater.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { localFileFingerprint } from "../../formats/feed-file.js";
import { NVD_UPDATER_ID, parseNvdPages, readNvdPage, type NvdPage } from "../../formats/nvd/nvd-api.js";

export const NVD_API_URL = "https://services.nvd.nist.gov/rest/json/cves/2.0";
/** The API's largest page. */
const PAGE_SIZE = 2000;

/**
 * The feed is many pages (upstream) or many files (a mirror directory), so the updater fetches
 * them all and hands `parse` a JSON array of pages; the fingerprint covers every part.
 */
async function fetchAll(locations: readonly string[], previous: Fingerprint | null, client: FeedClient): Promise<FetchOutcome> {
  const bodies: string[] = [];
  const hash = createHash("sha256");
  for (const l of locations) {
    const got = await client.get(l, null);
    if (got.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `nvd: ${l} returned no body`);
    bodies.push(got.body.toString("utf8"));
    hash.update(got.fingerprint).update("\n");
  }
  const fingerprint = JSON.stringify({ parts: locations.length, sha256: hash.digest("hex") });
  if (fingerprint === previous) return { status: "unchanged" };
  return { status: "changed", body: Buffer.from(`[${bodies.join(",\n")}]`), fingerprint };
}

async function upstreamPages(base: string, previous: Fingerprint | null, client: FeedClient): Promise<FetchOutcome> {
  const first = await client.get(`${base}?startIndex=0&resultsPerPage=${PAGE_SIZE}`, null);
  if (first.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `nvd: ${base} returned no body`);
  const total = readNvdPage(first.body.toString("utf8"), base).totalResults ?? 0;
  const rest: string[] = [];
  for (let start = PAGE_SIZE; start < total; start += PAGE_SIZE) rest.push(`${base}?startIndex=${start}&resultsPerPage=${PAGE_SIZE}`);
  const more = await fetchAll(rest, null, client);
  const tail = more.status === "changed" ? more.body.toString("utf8").slice(1, -1) : "";
  const hash = createHash("sha256")
    .update(first.fingerprint)
    .update(more.status === "changed" ? more.fingerprint : "");
  const fingerprint = JSON.stringify({ parts: rest.length + 1, sha256: hash.digest("hex") });
  if (fingerprint === previous) return { status: "unchanged" };
  return { status: "changed", body: Buffer.from(`[${first.body.toString("utf8")}${tail === "" ? "" : `,${tail}`}]`), fingerprint };
}

/**
 * The API's pages (issue 13.3: ~125 pages, ~490 MB today), each downloaded to a temporary file by
 * `FeedClient.download`, then read, parsed and dropped one at a time as the store writes; the files
 * go when the records have been read (or the engine disposes of the parse). The fingerprint is the
 * one `upstreamPages` gives, so a database filled either way stays unchanged. A client without
 * `download` (a test's) gets `fetch` + `parse` of the joined pages.
 */
export async function upstreamPagesParsed(base: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedEnrichmentFetch> {
  if (!client.download) {
    const got = await upstreamPages(base, previous, client);
    return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, parsed: parseNvdBody(got.body) };
  }
  const download = client.download.bind(client);
  const pages: { path: string; name: string; fingerprint: Fingerprint }[] = [];
  const disposals: (() => void)[] = [];
  const dispose = (): void => {
    for (const d of disposals.splice(0)) d();
  };
  try {
    const get = async (url: string, name: string): Promise<void> => {
      const got = await download(url, null);
      if (got.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `nvd: ${url} returned no body`);
      disposals.push(got.dispose);
      pages.push({ path: got.path, name, fingerprint: got.fingerprint });
    };
    await get(`${base}?startIndex=0&resultsPerPage=${PAGE_SIZE}`, "page 1");
    const total = readNvdPage(readPage(pages[0]!.path), base).totalResults ?? 0;
    for (let start = PAGE_SIZE; start < total; start += PAGE_SIZE)
      await get(`${base}?startIndex=${start}&resultsPerPage=${PAGE_SIZE}`, `page ${pages.length + 1}`);
    const rest = createHash("sha256");
    for (const p of pages.slice(1)) rest.update(p.fingerprint).update("\n");
    const restFingerprint = JSON.stringify({ parts: pages.length - 1, sha256: rest.digest("hex") });
    const fingerprint = JSON.stringify({
      parts: pages.length,
      sha256: createHash("sha256").update(pages[0]!.fingerprint).update(restFingerprint).digest("hex"),
    });
    if (fingerprint === previous) {
      dispose();
      return { status: "unchanged" };
    }
    const problems: Problem[] = [];
    function* records(): Generator<Enrichment> {
      try {
        for (const p of pages) {
          const page = parseNvdPages([readNvdPage(readPage(p.path), p.name)]);
          yield* page.records;
          problems.push(...page.problems);
        }
      } finally {
        dispose();
      }
    }
    return { status: "changed", fingerprint, parsed: { records: records(), problems, dispose } };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** Parses what `fetch` produced: one API page object, or an array of them. */
export function parseNvdBody(body: Buffer): ReturnType<typeof parseNvdPages> {
  const text = body.toString("utf8");
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("[")) return parseNvdPages([readNvdPage(text, "the feed")]);
  let parts: unknown;
  try {
    parts = JSON.parse(text);
  } catch (e) {
    throw new FatalError("FEED_INVALID", `nvd: the feed is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const pages: NvdPage[] = (Array.isArray(parts) ? parts : []).map((p: unknown, i) => readNvdPage(JSON.stringify(p), `page ${i + 1}`));
  return parseNvdPages(pages);
}

/**
 * A mirror directory read page by page (issue 13: today's 250,000 CVEs are ~125 pages, ~490 MB,
 * which `fetch` + `parse` held as one string and then one parsed array). The fingerprint is the
 * one `fetch` gives the same directory; each page is read, parsed and dropped as the store writes.
 */
async function dirPagesParsed(dir: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedEnrichmentFetch> {
  const names = (await client.listDir(dir)).filter((n) => n.endsWith(".json")).sort();
  if (names.length === 0) throw new FatalError("FEED_UNAVAILABLE", `nvd: no *.json API pages in ${dir}`);
  const hash = createHash("sha256");
  for (const n of names) hash.update((await localFileFingerprint(join(dir, n), null)).fingerprint).update("\n");
  const fingerprint = JSON.stringify({ parts: names.length, sha256: hash.digest("hex") });
  if (fingerprint === previous) return { status: "unchanged" };
  const problems: Problem[] = [];
  function* records(): Generator<Enrichment> {
    for (const n of names) {
      const page = parseNvdPages([readNvdPage(readPage(join(dir, n)), n)]);
      yield* page.records;
      problems.push(...page.problems);
    }
  }
  return { status: "changed", fingerprint, parsed: { records: records(), problems } };
}

function readPage(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `nvd: ${path}: ${e instanceof Error ? e.message : String(e)}`, "check the --source directory");
  }
}

export function nvdUpdater(source: FeedSource): EnrichmentUpdater {
  return {
    id: NVD_UPDATER_ID,
    ...(source.kind === "dir" ? { fetchParsed: (previous: Fingerprint | null, client: FeedClient) => dirPagesParsed(source.path, previous, client) } : {}),
    ...(source.kind === "upstream"
      ? { fetchParsed: (previous: Fingerprint | null, client: FeedClient) => upstreamPagesParsed(NVD_API_URL, previous, client) }
      : {}),
    fetch: async (previous, client) => {
      switch (source.kind) {
        case "upstream":
          return upstreamPages(NVD_API_URL, previous, client);
        case "url":
          return client.get(source.url, previous);
        case "file":
          return client.get(source.path, previous);
        case "dir": {
          const names = (await client.listDir(source.path)).filter((n) => n.endsWith(".json")).sort();
          if (names.length === 0) throw new FatalError("FEED_UNAVAILABLE", `nvd: no *.json API pages in ${source.path}`);
          return fetchAll(
            names.map((n) => join(source.path, n)),
            previous,
            client,
          );
        }
      }
    },
    parse: parseNvdBody,
  };
}

/** NVD CVSS enrichment: vectors and scores per CVE. NVD CPE matching is deliberately not done. */
export const nvdEnrichers: EnrichmentUpdaterFactory = async (source) => [nvdUpdater(source)];
