import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeUbuntuFeed } from "../../../bench/feeds/ubuntu.js";
import { isFatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { ubuntuUpdaters } from "./updater.js";

// Issue 13: a local Ubuntu all.zip is read member by member from disk (fetchParsed). It must
// answer exactly what fetch + parse answer for the same file.
test("a local Ubuntu all.zip streams the same advisories and fingerprint as fetch + parse, and a cut one is FEED_INVALID", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-ubuntu-zip-file-"));
  try {
    const zipPath = join(dir, "all.zip");
    writeUbuntuFeed(zipPath, { seed: 3, records: 400 });
    const client = createFeedClient();
    const [updater] = await ubuntuUpdaters({ kind: "file", path: zipPath }, client);
    assert.equal(updater!.id, "ubuntu");
    const whole = await updater!.fetch(null, client);
    const streamed = await updater!.fetchParsed!(null, client);
    assert.equal(whole.status, "changed");
    assert.equal(streamed.status, "changed");
    if (whole.status !== "changed" || streamed.status !== "changed") return;
    assert.equal(streamed.fingerprint, whole.fingerprint);
    const expected = updater!.parse(whole.body);
    const advisories = [...streamed.parsed.advisories];
    assert.ok(advisories.length > 400, `${advisories.length} advisories`);
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

test("choosing the updater for a local all.zip does not read the zip (it is not OpenVEX)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-ubuntu-zip-vex-"));
  try {
    const zipPath = join(dir, "all.zip");
    writeUbuntuFeed(zipPath, { seed: 4, records: 20 });
    const client = createFeedClient();
    const read: string[] = [];
    const watched = { ...client, get: (...args: Parameters<typeof client.get>) => (read.push(args[0]), client.get(...args)) };
    const updaters = await ubuntuUpdaters({ kind: "file", path: zipPath }, watched);
    assert.deepEqual(
      updaters.map((u) => u.id),
      ["ubuntu"],
    );
    assert.deepEqual(read, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
