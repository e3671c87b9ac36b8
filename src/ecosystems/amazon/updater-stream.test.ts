import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { test } from "node:test";
import type { FeedClient, ParseOutput, Updater } from "../../contracts/updater.js";
import { FatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/index.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseAlasRss } from "./rss.js";
import { amazonUpdaters } from "./updater.js";

const ALAS_DIR = sharedPath("fixtures/vulndata/amazon/alas");

interface Read {
  readonly fingerprint: string;
  readonly advisories: unknown[];
  readonly problems: unknown[];
}

async function viaFetch(u: Updater, client: FeedClient): Promise<Read> {
  const got = await u.fetch(null, client);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") throw new Error("unchanged");
  const parsed = u.parse(got.body);
  return { fingerprint: got.fingerprint, advisories: [...parsed.advisories], problems: parsed.problems };
}

async function viaStream(u: Updater, client: FeedClient): Promise<Read & { parsed: ParseOutput }> {
  const got = await u.fetchParsed!(null, client);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") throw new Error("unchanged");
  return { fingerprint: got.fingerprint, advisories: [...got.parsed.advisories], problems: got.parsed.problems, parsed: got.parsed };
}

/**
 * The RSS links as an upstream mirror would serve them: the RSS from its file, each page (the link's
 * last segment, `ALAS-2018-939.html`) from `<release>_html/<id>`; `download` optional, as in tests' clients.
 */
function urlClient(release: string, withDownload: boolean, downloads: string[]): FeedClient {
  const local = createFeedClient();
  const pathOf = (url: string): string =>
    url === `https://mirror.test/${release}_rss.xml`
      ? join(ALAS_DIR, `${release}_rss.xml`)
      : join(ALAS_DIR, `${release}_html`, basename(url).replace(/\.html$/, ""));
  const client: FeedClient = {
    listDir: async () => [],
    get: (url, previous) => local.get(pathOf(url), previous),
  };
  if (!withDownload) return client;
  return {
    ...client,
    // As FeedClient.download: the body on disk, with the fingerprint `get` gives for it.
    async download(url, previous) {
      const asGot = await local.get(pathOf(url), previous);
      if (asGot.status === "unchanged") return asGot;
      const dir = mkdtempSync(join(tmpdir(), "alas-test-dl-"));
      downloads.push(dir);
      const path = join(dir, "body");
      try {
        writeFileSync(path, readFileSync(pathOf(url)));
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        throw new FatalError("FEED_UNAVAILABLE", `${url}: ${e instanceof Error ? e.message : String(e)}`);
      }
      return { status: "changed", path, fingerprint: asGot.fingerprint, dispose: () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
}

test("fixture directory: fetchParsed (pages read one at a time from disk) gives fetch + parse's records, problems and fingerprint", async () => {
  const client = createFeedClient();
  const updaters = await amazonUpdaters({ kind: "dir", path: ALAS_DIR }, client);
  assert.deepEqual(updaters.map((u) => u.id).sort(), ["amazon/2", "amazon/2022", "amazon/2023"]);
  for (const u of updaters) {
    const whole = await viaFetch(u, client);
    const streamed = await viaStream(u, client);
    assert.ok(whole.advisories.length > 0, u.id);
    assert.deepEqual(streamed.advisories, whole.advisories, u.id);
    assert.deepEqual(streamed.problems, whole.problems, u.id);
    assert.equal(streamed.fingerprint, whole.fingerprint, u.id);
    assert.deepEqual(await u.fetchParsed!(whole.fingerprint, client), { status: "unchanged" }, u.id);
  }
});

test("a page missing from the directory: the same problem and records both ways", async () => {
  const dir = mkdtempSync(join(tmpdir(), "alas-missing-"));
  try {
    cpSync(ALAS_DIR, dir, { recursive: true });
    const victim = readdirSync(join(dir, "2_html")).sort()[0]!;
    rmSync(join(dir, "2_html", victim));
    const client = createFeedClient();
    const [u] = await amazonUpdaters({ kind: "file", path: join(dir, "2_rss.xml") }, client);
    const whole = await viaFetch(u!, client);
    const streamed = await viaStream(u!, client);
    assert.ok(
      whole.problems.some((p) => JSON.stringify(p).includes(`${victim}: advisory page not available`)),
      JSON.stringify(whole.problems),
    );
    assert.deepEqual(streamed.problems, whole.problems);
    assert.deepEqual(streamed.advisories, whole.advisories);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const withDownload of [false, true]) {
  test(`URL source (${withDownload ? "pages downloaded to files" : "client without download"}): same records and fingerprint; the page files are gone once read`, async () => {
    const downloads: string[] = [];
    const client = urlClient("2022", withDownload, downloads);
    const [u] = await amazonUpdaters({ kind: "url", url: "https://mirror.test/2022_rss.xml" }, client);
    const whole = await viaFetch(u!, client);
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith("claro-alas-")));
    const streamed = await viaStream(u!, client);
    assert.ok(whole.advisories.length > 0);
    assert.deepEqual(streamed.advisories, whole.advisories);
    assert.deepEqual(streamed.problems, whole.problems);
    assert.equal(streamed.fingerprint, whole.fingerprint);
    assert.equal(downloads.length > 0, withDownload);
    for (const d of downloads) assert.equal(existsSync(d), false, d);
    const left = readdirSync(tmpdir()).filter((n) => n.startsWith("claro-alas-") && !before.has(n));
    assert.deepEqual(left, []);
    streamed.parsed.dispose?.();
  });
}

test("a link that cannot be fetched costs that advisory only, reported as by fetch", async () => {
  const downloads: string[] = [];
  const base = urlClient("2023", true, downloads);
  let first: string | null = null;
  const failing = (url: string): boolean => {
    first ??= url.endsWith(".html") ? url : null;
    return url === first;
  };
  const gone = (url: string): FatalError => new FatalError("FEED_UNAVAILABLE", `${url}: HTTP 404`);
  const client: FeedClient = {
    ...base,
    get: async (url, p) => (failing(url) ? Promise.reject(gone(url)) : base.get(url, p)),
    download: async (url, p) => (failing(url) ? Promise.reject(gone(url)) : base.download!(url, p)),
  };
  const [u] = await amazonUpdaters({ kind: "url", url: "https://mirror.test/2023_rss.xml" }, client);
  const whole = await viaFetch(u!, client);
  const streamed = await viaStream(u!, client);
  assert.ok(whole.problems.some((p) => JSON.stringify(p).includes("HTTP 404")));
  assert.deepEqual(streamed.problems, whole.problems);
  assert.deepEqual(streamed.advisories, whole.advisories);
});

test("the RSS parsed in pieces (as read from disk) gives what the whole text gives", () => {
  for (const release of ["2", "2022", "2023"]) {
    const xml = readFileSync(join(ALAS_DIR, `${release}_rss.xml`), "utf8");
    const whole = parseAlasRss(xml);
    assert.ok(whole.items.length > 0, release);
    for (const size of [1, 7, 4096]) {
      const pieces = Array.from({ length: Math.ceil(xml.length / size) }, (_, i) => xml.slice(i * size, (i + 1) * size));
      assert.deepEqual(parseAlasRss(pieces), whole, `${release}, ${size}-character pieces`);
    }
  }
  assert.throws(() => parseAlasRss(["<rss><channel><item><title>ALAS-2018-939 (critical): kernel</title>", "<link>x</li"]));
});
