import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeNvdFeed } from "../../../bench/feeds/nvd.js";
import { isFatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { nvdUpdater } from "./nvd-updater.js";

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
    assert.throws(() => [...cut.parsed.records], (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
