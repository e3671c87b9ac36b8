import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ZipOut } from "../../../bench/feeds/zip-out.js";
import { sharedPath } from "../../../test/support/shared.js";
import { isFatalError } from "../../core/problem.js";
import { ecosystems } from "../../ecosystems/index.js";
import { createFeedClient } from "../../updater/feed-client.js";

// Issue 13: a local OSV all.zip is read member by member from disk (fetchParsed), not loaded whole.
// It must answer exactly what fetch + parse answer for the same file, zip64 included.
test("a local all.zip streams the same advisories and fingerprint as fetch + parse, and a cut one is FEED_INVALID", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-osv-zip-file-"));
  try {
    const zipPath = join(dir, "all.zip");
    const zip = new ZipOut(zipPath);
    const go = sharedPath("fixtures", "vulndata", "osv", "go");
    const names = readdirSync(go)
      .filter((n) => n.endsWith(".json"))
      .sort();
    for (const n of names) zip.add(n, readFileSync(join(go, n), "utf8"));
    // More than 65,535 members: the zip64 end record, as OSV's npm export has.
    for (let i = 0; i < 66_000; i++) zip.add(`padding/${i}.txt`, "x");
    zip.close();

    const client = createFeedClient();
    const [updater] = await ecosystems.golang.updaters({ kind: "file", path: zipPath }, client);
    const whole = await updater!.fetch(null, client);
    const streamed = await updater!.fetchParsed!(null, client);
    assert.equal(whole.status, "changed");
    assert.equal(streamed.status, "changed");
    if (whole.status !== "changed" || streamed.status !== "changed") return;
    assert.equal(streamed.fingerprint, whole.fingerprint, "a database filled by fetch + parse stays unchanged");
    const expected = updater!.parse(whole.body);
    const advisories = [...streamed.parsed.advisories];
    assert.ok(advisories.length >= names.length, `${advisories.length} advisories from ${names.length} records`);
    assert.deepEqual(advisories, [...expected.advisories]);
    assert.deepEqual(streamed.parsed.problems, expected.problems);
    assert.deepEqual(await updater!.fetchParsed!(streamed.fingerprint, client), { status: "unchanged" });

    truncateSync(zipPath, Math.floor(statSync(zipPath).size * 0.9));
    const cut = await updater!.fetchParsed!(streamed.fingerprint, client);
    assert.equal(cut.status, "changed");
    if (cut.status !== "changed") return;
    assert.throws(
      () => [...cut.parsed.advisories],
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
