import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Package } from "../../core/package.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { npmMatcher } from "./matcher.js";
import { npmPurl } from "./scanner.js";
import { npmUpdaters } from "./updater.js";

// The GHSA-shaped sample of formats/osv (open range + last_known_affected_version_range), loaded
// through the npm updater's `file` source and matched by the npm matcher, as `claro scan` does.
const sample = fileURLToPath(new URL("../../formats/osv/testdata/ghsa-last-known.json", import.meta.url));

function pkg(name: string, version: string): Package {
  return {
    name,
    version,
    type: "npm",
    arch: null,
    source: null,
    purl: npmPurl(name, version),
    layer: `sha256:${"0".repeat(64)}`,
    foundIn: "app/package-lock.json",
  };
}

test("npm matching honours GHSA's last known affected range: sheet-lib < 0.20.2, pad-lib ≤ 2.0.1", async () => {
  const client = createFeedClient();
  const [updater] = await npmUpdaters({ kind: "file", path: sample }, client);
  const fetched = await updater!.fetch(null, client);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return;
  const out = updater!.parse(fetched.body);
  const advisories = [...out.advisories];
  assert.equal(out.problems.length, 1, "odd-lib's unreadable range");
  const hit = (name: string, version: string): boolean => advisories.some((a) => a.packageName === name && npmMatcher.isAffected(pkg(name, version), a));
  assert.deepEqual(
    ["0.18.5", "0.20.1", "0.20.2", "1.0.0"].map((v) => hit("sheet-lib", v)),
    [true, true, false, false],
  );
  assert.deepEqual(
    ["0.9.9", "1.0.0", "2.0.1", "2.0.2"].map((v) => hit("pad-lib", v)),
    [false, true, true, false],
  );
  assert.deepEqual(
    ["0.0.1", "3.0.0"].map((v) => hit("odd-lib", v)),
    [true, true],
    "unreadable bound: the range stays open",
  );
});
