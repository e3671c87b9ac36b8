import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeNvdFeed } from "../../../bench/feeds/nvd.js";
import type { FeedClient } from "../../contracts/updater.js";
import { isFatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { nvdUpdater, upstreamPagesParsed } from "./nvd-updater.js";

// Issue 13: a mirror directory of API pages is read page by page (fetchParsed), not joined into
// one body. It must answer exactly what fetch + parse answer for the same directory.
test("a directory of NVD pages streams the same records and fingerprint as fetch + parse", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-nvd-pages-"));
  try {
    const written = writeNvdFeed(dir, { seed: 7, cves: 4500 });
    assert.equal(written.pages, 3);
    const client = createFeedClient();
    const updater = nvdUpdater({ kind: "dir", path: dir });
    const whole = await updater.fetch(null, client);
    const streamed = await updater.fetchParsed!(null, client);
    assert.equal(whole.status, "changed");
    assert.equal(streamed.status, "changed");
    if (whole.status !== "changed" || streamed.status !== "changed") return;
    assert.equal(streamed.fingerprint, whole.fingerprint, "a database filled by fetch + parse stays unchanged");
    const expected = updater.parse(whole.body);
    const records = [...streamed.parsed.records];
    assert.equal(records.length, 4500);
    assert.deepEqual(records, [...expected.records]);
    assert.deepEqual(streamed.parsed.problems, expected.problems);
    assert.deepEqual(await updater.fetchParsed!(streamed.fingerprint, client), { status: "unchanged" });

    // A cut page fails the iteration (inside the store's transaction), after the pages before it.
    const last = join(dir, "page-0002.json");
    writeFileSync(last, readFileSync(last).subarray(0, 1000));
    const cut = await updater.fetchParsed!(streamed.fingerprint, client);
    assert.equal(cut.status, "changed");
    if (cut.status !== "changed") return;
    assert.throws(
      () => [...cut.parsed.records],
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Issue 13.3: the API's pages are downloaded to temporary files one by one and parsed from them,
// with the fingerprint `fetch` gives; the files go once the records have been read.
test("upstream API pages downloaded to files stream the same records and fingerprint as fetch + parse", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-nvd-upstream-"));
  try {
    const written = writeNvdFeed(join(dir, "pages"), { seed: 7, cves: 4500 });
    assert.equal(written.pages, 3);
    const base = "https://nvd.example/rest/json/cves/2.0";
    const pageOf = (url: string): Buffer => {
      const start = Number(new URL(url).searchParams.get("startIndex"));
      return readFileSync(join(dir, "pages", `page-${String(start / 2000).padStart(4, "0")}.json`));
    };
    const fingerprintOf = (body: Buffer): string => JSON.stringify({ sha256: createHash("sha256").update(body).digest("hex") });
    const getOnly: FeedClient = {
      listDir: async () => [],
      get: async (url) => ({ status: "changed", body: pageOf(url), fingerprint: fingerprintOf(pageOf(url)) }),
    };
    const saved: string[] = [];
    const toDisk: FeedClient = {
      ...getOnly,
      get: async (url) => {
        throw new Error(`get(${url}): the pages should be downloaded to files`);
      },
      download: async (url) => {
        const file = join(dir, `download-${saved.length}`);
        writeFileSync(file, pageOf(url));
        saved.push(file);
        return { status: "changed", path: file, fingerprint: fingerprintOf(pageOf(url)), dispose: () => rmSync(file, { force: true }) };
      },
    };
    const whole = await upstreamPagesParsed(base, null, getOnly);
    const streamed = await upstreamPagesParsed(base, null, toDisk);
    assert.ok(whole.status === "changed" && streamed.status === "changed");
    assert.equal(streamed.fingerprint, whole.fingerprint, "a database filled by fetch + parse stays unchanged");
    assert.equal(saved.length, 3);
    const records = [...streamed.parsed.records];
    assert.equal(records.length, 4500);
    assert.deepEqual(records, [...whole.parsed.records]);
    assert.deepEqual(streamed.parsed.problems, whole.parsed.problems);
    assert.deepEqual(
      saved.filter((f) => existsSync(f)),
      [],
      "the pages are deleted once read",
    );
    assert.deepEqual(await upstreamPagesParsed(base, streamed.fingerprint, toDisk), { status: "unchanged" });
    assert.deepEqual(
      saved.filter((f) => existsSync(f)),
      [],
      "and when unchanged",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
