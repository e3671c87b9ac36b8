import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { loadOsvMirror } from "../../../test/support/osv-ecosystem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { maven, mavenMatcher, mavenUpdaters, parseSbtLock, sbtLockScanner } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/sbt/sbt-dependency-lock");

for (const dir of ["pass", "pass-with-config-exclusion", "unchanged-with-exclusion"]) {
  test(`sbt-dependency-lock/${dir}/build.sbt.lock equals its expected.json (org:name, dev = test only)`, () => {
    const expected = JSON.parse(readFileSync(join(FIX, dir, "expected.json"), "utf8")) as { name: string; version: string; dev: boolean }[];
    const got = sbtLockScanner.scan(memoryTree({ [`build/${dir}/build.sbt.lock`]: readFileSync(join(FIX, dir, "build.sbt.lock"), "utf8") }), {
      distribution: null,
    });
    assert.deepEqual(got.problems, []);
    const rows = (ps: readonly { name: string; version: string; dev?: boolean }[]): string[] =>
      ps.map((p) => `${p.name}@${p.version}${p.dev === true ? " dev" : ""}`).sort();
    assert.deepEqual(rows(got.found), rows(expected));
    assert.ok(got.found.every((p) => p.type === "maven" && p.purl.startsWith("pkg:maven/")));
  });
}

test("an unknown lockVersion or a document that is not a lock is a problem; the scanner is wired into maven", () => {
  assert.equal(typeof parseSbtLock('{"lockVersion": 2, "dependencies": []}'), "string");
  assert.equal(typeof parseSbtLock("{}"), "string");
  const got = sbtLockScanner.scan(memoryTree({ "x/build.sbt.lock": "{" }), { distribution: null });
  assert.deepEqual(
    got.problems.map((p) => p.kind),
    ["malformed-record"],
  );
  assert.ok(maven.packageScanners.includes(sbtLockScanner));
});

test("sbt-locked modules match OSV Maven records through the Maven matcher", async () => {
  const advisories = await loadOsvMirror(mavenUpdaters, join(import.meta.dirname, "testdata", "osv"));
  const lock = JSON.stringify({
    lockVersion: 1,
    dependencies: [
      { org: "com.fasterxml.jackson.core", name: "jackson-databind", version: "2.12.3", configurations: ["compile"] },
      { org: "org.apache.logging.log4j", name: "log4j-core", version: "2.15.0", configurations: ["compile"] },
    ],
  });
  const found = sbtLockScanner.scan(memoryTree({ "build.sbt.lock": lock }), { distribution: null }).found;
  const ids = found.map((p) => {
    const pkg = { ...p, layer: `sha256:${"3".repeat(64)}` as const };
    const qs = mavenMatcher.queries(pkg, null);
    return `${p.name}: ${[...new Set(advisories.filter((a) => qs.some((q) => q.namespace === a.namespace && q.packageName === a.packageName) && mavenMatcher.isAffected(pkg, a)).map((a) => a.id))].sort().join(",")}`;
  });
  assert.deepEqual(ids, ["com.fasterxml.jackson.core:jackson-databind: GHSA-57j2-w4cx-62h2", "org.apache.logging.log4j:log4j-core: "]);
});
