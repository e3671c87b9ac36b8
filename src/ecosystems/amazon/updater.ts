import { basename, dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { FeedClient, FeedSource, Fingerprint, FetchOutcome, ParsedFetch, ParseOutput, Updater, UpdaterFactory } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, isFatalError, type Problem } from "../../core/problem.js";
import { disposingOutput } from "../../formats/feed-download.js";
import { localFileFingerprint } from "../../formats/feed-file.js";
import { fileChunks } from "../../formats/oval/chunks.js";
import { advisoriesOfFeed, bundlePages, bundleSchema, type AlasBundle } from "./feed.js";
import { downloadedPageFiles, localPageFiles } from "./page-files.js";
import { AMAZON_RELEASES, isAmazonRelease, releaseOfChannelTitle, releaseOfUrl, UPSTREAM_RSS, type AmazonRelease } from "./releases.js";
import { parseAlasRss, type AlasRss, type AlasRssItem } from "./rss.js";

export const AMAZON_UPDATER_PREFIX = "amazon";
const PAGE_CONCURRENCY = 6;
/** vunnel's input layout, which the fixtures follow: `2_rss.xml` beside `2_html/ALAS-2018-939`. */
const RSS_FILE = /^([0-9]+)_rss\.xml$/;

/** Where one release's RSS is, and how an item's page is found (a local dir, or the item link). */
interface FeedPlan {
  readonly release: AmazonRelease | null;
  readonly rss: string;
  readonly pagesDir: string | null;
}

export function amazonUpdaterId(release: AmazonRelease | null): string {
  return release === null ? AMAZON_UPDATER_PREFIX : `${AMAZON_UPDATER_PREFIX}/${release}`;
}

function rssOrFatal(xml: string | Iterable<string>, where: string): AlasRss {
  try {
    return parseAlasRss(xml);
  } catch (e) {
    throw new FatalError(
      "FEED_INVALID",
      `${where}: the ALAS RSS is not well-formed XML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`,
      "the download may be truncated; run the update again or check the --source file",
      { cause: e },
    );
  }
}

async function fetchPages(items: readonly AlasRssItem[], plan: FeedPlan, client: FeedClient): Promise<Pick<AlasBundle, "pages" | "missing">> {
  const pages: Record<string, string> = {};
  const missing: Record<string, string> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      const location = plan.pagesDir !== null ? join(plan.pagesDir, item.id) : item.link;
      try {
        const got = await client.get(location, null);
        if (got.status === "changed") pages[item.id] = got.body.toString("utf8");
      } catch (e) {
        // One missing page costs that advisory only; a network failure for all of them still
        // shows up as every advisory missing, in the problems of the run.
        if (!isFatalError(e)) throw e;
        missing[item.id] = e.message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PAGE_CONCURRENCY, items.length) }, worker));
  return { pages, missing };
}

/** The RSS of a changed fetch and the release it is for. */
function rssOfBody(body: Buffer | Iterable<string>, plan: FeedPlan): { rss: AlasRss; release: AmazonRelease } {
  const rss = rssOrFatal(Buffer.isBuffer(body) ? body.toString("utf8") : body, plan.rss);
  const release = plan.release ?? releaseOfChannelTitle(rss.channelTitle);
  if (release === undefined) {
    throw new FatalError(
      "FEED_INVALID",
      `${plan.rss}: cannot tell which Amazon Linux release the feed '${rss.channelTitle}' is for`,
      "name the file <release>_rss.xml (1, 2, 2022, 2023) or use the upstream URL",
    );
  }
  return { rss, release };
}

const rejectedProblems = (rss: AlasRss, updater: string): Problem[] => rss.rejected.map((detail) => ({ kind: "bad-feed-record", updater, detail }));

/** Parses the bundle `fetch` made: the RSS, then each advisory page. */
export function parseAmazonBundle(body: Buffer, updaterId: string): ParseOutput {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new FatalError("FEED_INVALID", `${updaterId}: the fetched ALAS bundle is not JSON`, "run the update again", { cause: e });
  }
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) throw new FatalError("FEED_INVALID", `${updaterId}: the fetched ALAS bundle does not have the expected shape`, "run the update again");
  const rss = rssOrFatal(parsed.data.rss, updaterId);
  const problems = rejectedProblems(rss, updaterId);
  return { advisories: advisoriesOfFeed(rss.items, parsed.data.release, bundlePages(parsed.data), updaterId, problems), problems };
}

export function amazonUpdater(plan: FeedPlan): Updater {
  const id = amazonUpdaterId(plan.release);
  return {
    id,
    async fetch(previous: Fingerprint | null, client: FeedClient): Promise<FetchOutcome> {
      const got = await client.get(plan.rss, previous);
      if (got.status === "unchanged") return got;
      const { rss, release } = rssOfBody(got.body, plan);
      const bundle: AlasBundle = { format: "claro-alas/1", release, rss: got.body.toString("utf8"), ...(await fetchPages(rss.items, plan, client)) };
      return { status: "changed", body: Buffer.from(JSON.stringify(bundle)), fingerprint: got.fingerprint };
    },
    parse: (body: Buffer) => parseAmazonBundle(body, id),
    // The same records from the pages on disk, read one at a time while the store writes (issue 13.3).
    async fetchParsed(previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
      const got = await rssText(plan.rss, previous, client);
      if (got.status === "unchanged") return got;
      let parsedRss: { rss: AlasRss; release: AmazonRelease };
      try {
        parsedRss = rssOfBody(got.text, plan);
      } finally {
        got.dispose();
      }
      const { rss, release } = parsedRss;
      const pages = plan.pagesDir !== null ? localPageFiles(plan.pagesDir) : await downloadedPageFiles(rss.items, client);
      const problems = rejectedProblems(rss, id);
      function* advisories(): Generator<Advisory> {
        yield* advisoriesOfFeed(rss.items, release, pages, id, problems);
      }
      return { status: "changed", fingerprint: got.fingerprint, parsed: disposingOutput({ advisories: advisories(), problems }, pages.dispose) };
    },
  };
}

/**
 * The RSS as text pieces read from disk: a local file as it is, a URL through a temporary file
 * (same fingerprint as `fetch`'s get); only its parsed items are kept, never the whole document.
 * A client without `download` (a test's) gives the body.
 */
async function rssText(
  location: string,
  previous: Fingerprint | null,
  client: FeedClient,
): Promise<
  | { readonly status: "unchanged" }
  | { readonly status: "changed"; readonly fingerprint: Fingerprint; readonly text: Iterable<string>; readonly dispose: () => void }
> {
  if (!/^https?:\/\//.test(location)) {
    const { fingerprint, unchanged } = await localFileFingerprint(location, previous);
    return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, text: decoded(fileChunks(location)), dispose: () => undefined };
  }
  if (!client.download) {
    const got = await client.get(location, previous);
    return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, text: [got.body.toString("utf8")], dispose: () => undefined };
  }
  const got = await client.download(location, previous);
  return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, text: decoded(fileChunks(got.path)), dispose: got.dispose };
}

function* decoded(chunks: Iterable<Buffer>): Generator<string> {
  const decoder = new StringDecoder("utf8");
  for (const c of chunks) yield decoder.write(c);
  yield decoder.end();
}

function planOfRssFile(path: string): FeedPlan {
  const m = RSS_FILE.exec(basename(path));
  const release = m && isAmazonRelease(m[1]!) ? m[1] : null;
  return { release, rss: path, pagesDir: m ? join(dirname(path), `${m[1]}_html`) : null };
}

/**
 * Amazon: one updater per release (`amazon/1`, `amazon/2`, `amazon/2022`, `amazon/2023`).
 * `dir` takes vunnel's layout (`<release>_rss.xml` + `<release>_html/<ALAS id>`); `file` one such
 * RSS file; `url` an RSS URL whose item links are fetched.
 */
export const amazonUpdaters: UpdaterFactory = async (source: FeedSource, client: FeedClient) => {
  switch (source.kind) {
    case "upstream":
      return AMAZON_RELEASES.map((release) => amazonUpdater({ release, rss: UPSTREAM_RSS[release], pagesDir: null }));
    case "url":
      return [amazonUpdater({ release: releaseOfUrl(source.url) ?? null, rss: source.url, pagesDir: null })];
    case "file":
      return [amazonUpdater(planOfRssFile(source.path))];
    case "dir": {
      const names = (await client.listDir(source.path)).filter((n) => RSS_FILE.test(n)).sort();
      if (names.length === 0) {
        throw new FatalError(
          "FEED_UNAVAILABLE",
          `${source.path}: no ALAS feed (<release>_rss.xml) in the directory`,
          "point --source at a directory holding 2_rss.xml and 2_html/, as vunnel stores them",
        );
      }
      return names.map((n) => amazonUpdater(planOfRssFile(join(source.path, n))));
    }
  }
};
