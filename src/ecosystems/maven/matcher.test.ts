import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { mavenPackage } from "./jar-scanner.js";
import { mavenMatcher } from "./matcher.js";
import { MAVEN_NAMESPACE, mavenUpdaters } from "./updater.js";

const osvDir = fileURLToPath(new URL("./testdata/osv", import.meta.url));

function pkg(groupId: string, artifactId: string, version: string): Package {
  return { ...mavenPackage({ groupId, artifactId, version }, "app.jar"), layer: `sha256:${"0".repeat(64)}` };
}

async function loadAdvisories(): Promise<Advisory[]> {
  const client = createFeedClient();
  const [updater] = await mavenUpdaters({ kind: "dir", path: osvDir }, client);
  assert.ok(updater);
  assert.equal(updater.id, "osv/maven");
  const fetched = await updater.fetch(null, client);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return [];
  const out = updater.parse(fetched.body);
  const advisories = [...out.advisories];
  assert.deepEqual(out.problems, []);
  return advisories;
}

test("the hand-written OSV Maven records load as osv:Maven intervals keyed by groupId:artifactId", async () => {
  const advisories = await loadAdvisories();
  assert.equal(advisories.length, 7);
  assert.ok(advisories.every((a) => a.namespace === MAVEN_NAMESPACE && a.versionScheme === "maven" && a.packageKind === "binary"));
  const log4shell = advisories.filter((a) => a.aliases.includes("CVE-2021-44228"));
  assert.deepEqual(log4shell.map((a) => `${a.packageName} ${a.introducedVersion}..${a.fixedVersion}`).sort(), [
    "org.apache.logging.log4j:log4j-core 2.0-beta9..2.3.1",
    "org.apache.logging.log4j:log4j-core 2.13.0..2.15.0",
    "org.apache.logging.log4j:log4j-core 2.4..2.12.2",
  ]);
  assert.ok(log4shell.every((a) => a.severity === "critical"));
});

test("matcher: queries osv:Maven by groupId:artifactId without a distribution; Maven order at the bounds", async () => {
  const advisories = await loadAdvisories();
  const p = pkg("org.apache.logging.log4j", "log4j-core", "2.14.1");
  assert.ok(mavenMatcher.handles(p, null));
  assert.equal(mavenMatcher.handles({ ...p, type: "npm" }, null), false);
  assert.deepEqual(mavenMatcher.queries(p, null), [{ namespace: "osv:Maven", packageName: "org.apache.logging.log4j:log4j-core", packageKind: "binary" }]);

  const affectedIds = (q: Package): string[] =>
    advisories.filter((a) => a.packageName === q.name && mavenMatcher.isAffected(q, a)).map((a) => `${a.id} ${a.introducedVersion}..${a.fixedVersion}`);
  const log4j = (v: string): string[] => affectedIds(pkg("org.apache.logging.log4j", "log4j-core", v));
  assert.deepEqual(log4j("2.14.1"), ["GHSA-jfh8-c2jp-5v3q 2.13.0..2.15.0"]);
  assert.deepEqual(log4j("2.15.0"), [], "the fixed bound itself is not affected");
  assert.deepEqual(log4j("2.12.2"), [], "2.12.2 is the fix of the 2.4 branch");
  assert.deepEqual(log4j("2.12.1"), ["GHSA-jfh8-c2jp-5v3q 2.4..2.12.2"]);
  assert.deepEqual(log4j("2.3.1"), []);
  assert.deepEqual(log4j("2.3"), ["GHSA-jfh8-c2jp-5v3q 2.0-beta9..2.3.1"]);
  assert.deepEqual(log4j("2.0-beta9"), ["GHSA-jfh8-c2jp-5v3q 2.0-beta9..2.3.1"], "the introduced bound is affected");
  assert.deepEqual(log4j("2.0-beta8"), [], "beta8 < beta9 in Maven order");
  assert.deepEqual(log4j("2.0-alpha1"), []);
  assert.deepEqual(log4j("2.0"), ["GHSA-jfh8-c2jp-5v3q 2.0-beta9..2.3.1"], "2.0 release > 2.0-beta9");

  const databind = (v: string): string[] => affectedIds(pkg("com.fasterxml.jackson.core", "jackson-databind", v));
  assert.equal(databind("2.9.10.8").length, 1);
  assert.deepEqual(databind("2.12.6.1"), [], "four-part fixed bound");
  assert.equal(databind("2.13.2").length, 1);
  assert.deepEqual(databind("2.13.2.1"), []);

  // The real claircore netty-all fixture version, Final qualifier = release.
  assert.equal(affectedIds(pkg("io.netty", "netty-all", "4.1.58.Final")).length, 1);
  assert.deepEqual(affectedIds(pkg("io.netty", "netty-all", "4.1.60.Final")), []);
  // A group-less name (file-name fallback) matches nothing.
  assert.deepEqual(affectedIds(pkg("", "log4j-core", "2.14.1")), []);
});
