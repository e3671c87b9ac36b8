import assert from "node:assert/strict";
import { test } from "node:test";
import type { UpdaterStatus } from "../contracts/store.js";
import type { Distribution } from "../core/distribution.js";
import type { Package, PackageType } from "../core/package.js";
import type { IndexReport } from "../core/report.js";
import { ecosystems } from "../ecosystems/index.js";
import { coverageWarning } from "../report/coverage-text.js";
import { computeCoverage, feeds } from "./coverage.js";

const LAYER = `sha256:${"1".repeat(64)}` as const;
const pkg = (type: PackageType, name: string, version: string, purl: string): Package => ({
  name,
  version,
  type,
  arch: null,
  source: null,
  purl,
  layer: LAYER,
  foundIn: "x",
});
const report = (distribution: Distribution | null, packages: Package[]): IndexReport => ({
  source: { ref: "x", digest: null, platform: { os: "linux", architecture: "amd64" }, repository: null },
  distribution,
  layers: [],
  packages,
  problems: [],
});
const status = (updater: string, recordCount = 10): UpdaterStatus => ({
  updater,
  lastRun: { updater, fingerprint: null, startedAt: "2026-12-01T00:00:00Z", finishedAt: "2026-12-01T00:00:01Z", status: "changed", recordCount, error: null },
  lastChangedAt: "2026-12-01T00:00:01Z",
  fingerprint: null,
  recordCount,
});
const bookworm: Distribution = { id: "debian", versionId: "12", codename: "bookworm", prettyName: "Debian GNU/Linux 12 (bookworm)" };
const all = Object.values(ecosystems);
const packages = [
  pkg("deb", "openssl", "3.0.11-1~deb12u2", "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12"),
  pkg("deb", "libexpat1", "2.5.0-1", "pkg:deb/debian/libexpat1@2.5.0-1?distro=debian-12"),
  pkg("npm", "lodash", "4.17.15", "pkg:npm/lodash@4.17.15"),
  pkg("golang", "stdlib", "1.19.8", "pkg:golang/stdlib@1.19.8"),
];

test("with only the Debian and Alpine feeds: deb matched, npm and Go not, each with the command that loads them", () => {
  const cov = computeCoverage(report(bookworm, packages), all, [status("debian"), status("alpine/v3.9/main")], "2026-12-07");
  assert.equal(
    computeCoverage(report(bookworm, packages), all, [status("debian"), status("osv/go")], "2026-12-07").find((c) => c.type === "golang")?.matched,
    true,
  );
  const deb = cov.find((c) => c.type === "deb");
  assert.deepEqual(deb, {
    type: "deb",
    namespace: "debian:12",
    packages: 2,
    matched: true,
    dataSources: [{ updater: "debian", updatedAt: "2026-12-01T00:00:01Z" }],
    reason: null,
    hint: null,
  });
  const npm = cov.find((c) => c.type === "npm");
  assert.equal(npm?.matched, false);
  assert.equal(npm?.reason, "no-data");
  assert.equal(npm?.namespace, null);
  assert.equal(npm?.hint, "claro db update --only npm");
  assert.equal(cov.find((c) => c.type === "golang")?.reason, "no-data");
  assert.equal(cov[0]?.type, "deb", "OS packages first");
  assert.match(coverageWarning(npm!) ?? "", /^1 npm package NOT matched: .*claro db update --only npm/);
  assert.equal(coverageWarning(deb!), null);
});

test("an updater with no records does not count as data; an EOL release with no data says end-of-life", () => {
  const cov = computeCoverage(report(bookworm, packages.slice(0, 2)), all, [status("debian", 0)], "2026-12-07");
  assert.equal(cov[0]?.reason, "no-data");
  const old: Distribution = { id: "alpine", versionId: "3.9.6", codename: null, prettyName: null };
  const apk = [pkg("apk", "musl", "1.1.20-r5", "pkg:apk/alpine/musl@1.1.20-r5?distro=alpine-3.9.6")];
  assert.equal(computeCoverage(report(old, apk), all, [], "2026-12-07")[0]?.reason, "end-of-life");
  assert.equal(computeCoverage(report(old, apk), all, [status("alpine/v3.9/main")], "2026-12-07")[0]?.matched, true);
});

test("every ecosystem's declared updater ids cover the updaters its factory makes", async () => {
  const client = { get: async (): Promise<never> => Promise.reject(new Error("no I/O here")), listDir: async (): Promise<readonly string[]> => [] };
  let probed = 0;
  for (const e of all) {
    // A file source makes an ecosystem's updaters without I/O; OVAL and secdb sets that need
    // the file name or a listing to name theirs are checked by prefix on their own name.
    const made = await e.updaters({ kind: "file", path: "/nonexistent/feed.json" }, client).catch(() => []);
    for (const u of made) {
      probed++;
      assert.ok(feeds(e, u.id), `${e.name}: updater ${u.id} is not covered by updaterIds`);
    }
  }
  assert.ok(probed >= 15, `only ${probed} updaters probed`);
});

test("a distribution no matcher handles is unsupported, not no-data", () => {
  const fedora: Distribution = { id: "fedora", versionId: "40", codename: null, prettyName: null };
  const cov = computeCoverage(report(fedora, [pkg("rpm", "bash", "5.2.26-3.fc40", "pkg:rpm/fedora/bash@5.2.26-3.fc40")]), all, [status("rhel")], "2026-12-07");
  assert.equal(cov[0]?.reason, "unsupported");
  assert.equal(cov[0]?.hint, null);
});
