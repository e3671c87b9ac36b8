import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeDebianFeed } from "../../../bench/feeds/debian.js";
import { openStore } from "../../store/index.js";
import { claroArgv } from "../../../test/support/claro.js";
import { repoRoot } from "../../../test/support/shared.js";

// Issue 13: today's tracker feed is ~75 MB (500,000 release entries). JSON.parse of it held the
// whole document (~450 MB peak), so a 256 MB heap could not load it. The streamed updater holds
// one CVE record at a time.
test("the 75 MB Debian tracker feed loads under node --max-old-space-size=256", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-debian-real-size-"));
  try {
    const feed = join(dir, "data.json");
    const written = writeDebianFeed(feed, { seed: 1 });
    assert.ok(statSync(feed).size > 70e6, `the generated feed is real size (${statSync(feed).size} bytes)`);
    const db = join(dir, "db.sqlite");
    const run = spawnSync(
      process.execPath,
      ["--max-old-space-size=256", ...claroArgv(), "db", "update", "--db", `sqlite:${db}`, "--source", `debian=${feed}`],
      {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`debian: ${written.records} records`));
    const store = await openStore(`sqlite:${db}`);
    try {
      assert.equal(await store.countAdvisories(), written.records);
      assert.deepEqual(
        (await store.status()).map((s) => [s.updater, s.recordCount]),
        [["debian", written.records]],
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
