import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { npmMatcher } from "./matcher.js";
import { npmPurl } from "./scanner.js";
import { npmUpdaters } from "./updater.js";

const osvDir = fileURLToPath(new URL("./testdata/osv", import.meta.url));

function pkg(name: string, version: string): Package {
  return { name, version, type: "npm", arch: null, source: null, purl: npmPurl(name, version), layer: `sha256:${"0".repeat(64)}`, foundIn: "x" };
}

async function loadAdvisories(): Promise<Advisory[]> {
  const client = createFeedClient();
  const [updater] = await npmUpdaters({ kind: "dir", path: osvDir }, client);
  assert.ok(updater);
  assert.equal(updater.id, "osv/npm");
  const fetched = await updater.fetch(null, client);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return [];
  const out = updater.parse(fetched.body);
  const advisories = [...out.advisories];
  assert.deepEqual(out.problems, []);
  return advisories;
}

test("the hand-written OSV mirror loads as osv:npm SEMVER intervals", async () => {
  const advisories = await loadAdvisories();
  // 6 records, 10 intervals (minimist and node-fetch records have two each).
  assert.equal(advisories.length, 10);
  assert.ok(advisories.every((a) => a.namespace === "osv:npm" && a.versionScheme === "npm-semver" && a.packageKind === "binary"));
  const minimist = advisories
    .filter((a) => a.aliases.includes("CVE-2020-7598"))
    .map((a) => `${a.introducedVersion}-${a.fixedVersion}`)
    .sort();
  assert.deepEqual(minimist, ["1.0.0-1.2.3", "null-0.2.1"]);
});

test("matcher: any distribution or none, queried by name, affected by range with npm semver", async () => {
  const advisories = await loadAdvisories();
  const p = pkg("minimist", "1.2.0");
  assert.ok(npmMatcher.handles(p, null));
  assert.ok(npmMatcher.handles(p, { id: "debian", versionId: "12", codename: "bookworm", prettyName: null }));
  assert.equal(npmMatcher.handles({ ...p, type: "deb" }, null), false);
  assert.deepEqual(npmMatcher.queries(p, null), [{ namespace: "osv:npm", packageName: "minimist", packageKind: "binary" }]);
  const hits = (name: string, version: string): string[] =>
    advisories
      .filter((a) => a.packageName === name && npmMatcher.isAffected(pkg(name, version), a))
      .map((a) => `${a.aliases[0]}<${a.fixedVersion}`)
      .sort();
  assert.deepEqual(hits("minimist", "1.2.0"), ["CVE-2020-7598<1.2.3", "CVE-2021-44906<1.2.6"]);
  assert.deepEqual(hits("minimist", "1.2.5"), ["CVE-2021-44906<1.2.6"]);
  assert.deepEqual(hits("minimist", "1.2.6"), []);
  assert.deepEqual(hits("minimist", "0.2.1"), ["CVE-2021-44906<0.2.4"]);
  // 3.0.0-beta.9 is the fix; beta.10 is above it, and 3.0.0 is not a prerelease of the 2.x line.
  assert.deepEqual(hits("node-fetch", "3.0.0-beta.8"), ["CVE-2020-15168<3.0.0-beta.9"]);
  assert.deepEqual(hits("node-fetch", "3.0.0-beta.10"), []);
  assert.deepEqual(hits("lodash", "3.6.0"), ["CVE-2021-23337<4.17.21"]);
});
