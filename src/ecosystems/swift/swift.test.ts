import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { advisoryLines, langPackage, loadOsvMirror } from "../../../test/support/osv-ecosystem.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { SWIFT_OSV_URL, packageResolvedScanner, parsePodfileLock, podfileLockScanner, swift, swiftMatcher, swiftUpdaters, swiftUrlName } from "./index.js";

const SPM = sharedPath("fixtures/pkgdb/swift/swift-package-manager");
const PODS = sharedPath("fixtures/pkgdb/cocoapods/cocoapods-core");

interface Expected {
  readonly name: string;
  readonly version: string;
}

for (const dir of ["v1-branch-pins", "v1-versions", "v2", "v3"]) {
  test(`swift-package-manager/${dir}/Package.resolved equals its expected.json`, () => {
    const expected = JSON.parse(readFileSync(join(SPM, dir, "expected.json"), "utf8")) as Expected[];
    const path = `src/${dir}/Package.resolved`;
    const got = packageResolvedScanner.scan(memoryTree({ [path]: readFileSync(join(SPM, dir, "Package.resolved"), "utf8") }), { distribution: null });
    assert.deepEqual(got.problems, []);
    assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}`).sort(), expected.map((p) => `${p.name}@${p.version}`).sort());
    for (const p of got.found) {
      const slash = p.name.lastIndexOf("/");
      assert.equal(p.purl, `pkg:swift/${p.name.slice(0, slash)}/${p.name.slice(slash + 1)}@${p.version}`);
    }
  });
}

test("repository names: scheme, user, .git and scp-style hosts fold to host/owner/repo; local pins are skipped", () => {
  assert.equal(swiftUrlName("https://github.com/apple/swift-nio.git"), "github.com/apple/swift-nio");
  assert.equal(swiftUrlName("git@github.com:apple/swift-nio.git"), "github.com/apple/swift-nio");
  assert.equal(swiftUrlName("ssh://git@example.com:7999/team/lib.git/"), "example.com:7999/team/lib");
  const local = JSON.stringify({
    version: 2,
    pins: [{ identity: "mine", kind: "localSourceControl", location: "/src/mine", state: { revision: "abc", version: "1.0.0" } }],
  });
  const got = packageResolvedScanner.scan(memoryTree({ "Package.resolved": local, "x/Package.resolved": "{}" }), { distribution: null });
  assert.deepEqual(got.found, []);
  assert.deepEqual(
    got.problems.map((p) => ("path" in p ? p.path : "")),
    ["x/Package.resolved"],
  );
});

test("cocoapods-core/Podfile.lock: one entry per root pod with expected.json's versions and direct flags (subspecs folded)", () => {
  const expected = JSON.parse(readFileSync(join(PODS, "expected.json"), "utf8")) as (Expected & { direct: boolean })[];
  const text = readFileSync(join(PODS, "Podfile.lock"), "utf8");
  const parsed = parsePodfileLock(text);
  assert.ok(Array.isArray(parsed));
  assert.deepEqual(parsed.map((p) => [p.name, p.version, p.direct]).sort(), expected.map((p) => [p.name, p.version, p.direct]).sort());
  const got = podfileLockScanner.scan(memoryTree({ "ios/Podfile.lock": text }), { distribution: null });
  assert.deepEqual(got.problems, []);
  assert.equal(got.found.length, 15);
  assert.ok(got.found.every((p) => p.type === "cocoapods" && p.source === null));
  assert.equal(got.found.find((p) => p.name === "SVProgressHUD")?.purl, "pkg:cocoapods/SVProgressHUD@HEAD%20based%20on%201.0");
});

test("a pod's git repository (CHECKOUT OPTIONS / EXTERNAL SOURCES) becomes its source, the SwiftURL key", () => {
  const lock = [
    "PODS:",
    "  - SBJson (3.2)",
    "  - Alamofire (5.4.0)",
    "DEPENDENCIES:",
    "  - SBJson (from `https://github.com/SBJson/SBJson.git`, tag `v3.2`)",
    "EXTERNAL SOURCES:",
    "  SBJson:",
    "    :git: https://github.com/SBJson/SBJson.git",
    "    :tag: v3.2",
    "CHECKOUT OPTIONS:",
    "  SBJson:",
    "    :git: https://github.com/SBJson/SBJson.git",
    "    :tag: v3.2",
    "",
  ].join("\n");
  assert.deepEqual(parsePodfileLock(lock), [
    { name: "SBJson", version: "3.2", direct: true, repository: "github.com/SBJson/SBJson" },
    { name: "Alamofire", version: "5.4.0", direct: false, repository: null },
  ]);
});

function hits(advisories: readonly Advisory[], pkg: Package): string[] {
  assert.ok(swiftMatcher.handles(pkg, null));
  const qs = swiftMatcher.queries(pkg, null);
  return [
    ...new Set(
      advisories
        .filter((a) => qs.some((q) => q.namespace === a.namespace && q.packageName === a.packageName) && swiftMatcher.isAffected(pkg, a))
        .map((a) => a.id),
    ),
  ];
}

test("SwiftURL OSV records load on lower-cased repository keys and match SwiftPM pins and pods with a known repository", async () => {
  const advisories = await loadOsvMirror(swiftUpdaters, join(import.meta.dirname, "testdata", "osv"));
  assert.deepEqual(advisoryLines(advisories), [
    "CLARO-TEST-SWIFT-1 osv:SwiftURL github.com/apple/swift-argument-parser 1.4.0..null semver low",
    "CLARO-TEST-SWIFT-1 osv:SwiftURL github.com/sbjson/sbjson -..3.2.1 semver low",
    "GHSA-7fj7-39wj-c64f osv:SwiftURL github.com/apple/swift-nio -..2.29.1 semver medium",
    "GHSA-7fj7-39wj-c64f osv:SwiftURL github.com/apple/swift-nio 2.30.0..2.39.1 semver medium",
    "GHSA-7fj7-39wj-c64f osv:SwiftURL github.com/apple/swift-nio 2.40.0..2.42.0 semver medium",
  ]);
  const spm = (name: string, version: string): Package => ({
    ...langPackage("swift", name, version, "Package.resolved"),
    purl: `pkg:swift/${name}@${version}`,
  });
  assert.deepEqual(hits(advisories, spm("github.com/apple/swift-nio", "2.41.0")), ["GHSA-7fj7-39wj-c64f"]);
  assert.deepEqual(hits(advisories, spm("github.com/apple/swift-nio", "2.39.1")), []);
  assert.deepEqual(hits(advisories, spm("github.com/apple/swift-nio", "2.42.0")), []);
  // The v2 sample pins swift-argument-parser 1.4.0; the v3 one pins 1.5.0.
  assert.deepEqual(hits(advisories, spm("github.com/apple/swift-argument-parser", "1.4.0")), ["CLARO-TEST-SWIFT-1"]);
  assert.deepEqual(hits(advisories, spm("github.com/apple/swift-argument-parser", "1.5.0")), []);
  // A branch pin's commit cannot be ordered: never reported.
  assert.deepEqual(hits(advisories, spm("github.com/apple/swift-nio", "d057ebdc28d913f5d37acf4909ba68a341497f12")), []);
  const pod = (version: string, repo: string | null): Package => ({
    ...langPackage("cocoapods", "SBJson", version, "Podfile.lock"),
    source: repo === null ? null : { name: repo, version },
  });
  assert.deepEqual(hits(advisories, pod("3.2", "github.com/SBJson/SBJson")), ["CLARO-TEST-SWIFT-1"]);
  assert.deepEqual(hits(advisories, pod("3.2.1", "github.com/SBJson/SBJson")), []);
  assert.deepEqual(hits(advisories, pod("3.2", null)), []);
  assert.deepEqual(hits(advisories, pod("HEAD based on 1.0", "github.com/SBJson/SBJson")), []);
});

test("upstream is OSV.dev's SwiftURL all.zip; the ecosystem wires both scanners", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await swiftUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [SWIFT_OSV_URL]);
  assert.equal(SWIFT_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/SwiftURL/all.zip");
  assert.deepEqual(
    swift.packageScanners.map((s) => s.id),
    ["swift-package-resolved", "podfile-lock"],
  );
});
