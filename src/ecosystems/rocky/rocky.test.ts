import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { advisoryLines, loadOsvMirror } from "../../../test/support/osv-ecosystem.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { ROCKY_OSV_URL, rocky, rockyMatcher, rockyUpdaters } from "./index.js";

const TESTDATA = join(import.meta.dirname, "testdata");

for (const name of readdirSync(join(TESTDATA, "dist")).sort()) {
  test(`testdata/dist/${name}`, () => {
    const want = JSON.parse(readFileSync(join(TESTDATA, "dist", name, "want.json"), "utf8")) as unknown;
    const got = rocky.distributionScanners[0]!.scan(memoryTreeFromDir(join(TESTDATA, "dist", name)));
    assert.deepEqual(got.found, want);
    assert.deepEqual(got.problems, []);
  });
}

test("hand-written Apollo-format records load per source rpm in rocky:<major>: the purl's epoch joins the fix, module errata are scoped by their stream", async () => {
  const advisories = await loadOsvMirror(rockyUpdaters, join(TESTDATA, "osv"));
  assert.deepEqual(advisoryLines(advisories), [
    "RLSA-2022:8492 rocky:8 python39:3.9::python39 -..3.9.13-2.module+el8.7.0+1065+42200b2e rpm medium",
    "RLSA-2023:1405 rocky:8 openssl -..1:1.1.1k-9.el8_7 rpm high",
    "RLSA-2024:3339 rocky:9 glibc -..2.34-100.el9_4.2 rpm high",
  ]);
  const glibc = advisories.find((a) => a.id === "RLSA-2024:3339");
  assert.deepEqual(glibc?.aliases, ["CVE-2024-2961", "CVE-2024-33599", "CVE-2024-33600", "CVE-2024-33601", "CVE-2024-33602"]);
  assert.equal(glibc?.vendorSeverity, "Important");
  assert.equal(glibc?.cvss[0]?.vector, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H");
});

const dist = (versionId: string): Distribution => ({ id: "rocky", versionId, codename: null, prettyName: null });

function rpm(name: string, version: string, source: string, modularityLabel?: string): Package {
  return {
    name,
    version,
    type: "rpm",
    arch: "x86_64",
    source: { name: source, version },
    purl: `pkg:rpm/rocky/${name}@${version}`,
    layer: `sha256:${"b".repeat(64)}`,
    foundIn: "var/lib/rpm/rpmdb.sqlite",
    ...(modularityLabel ? { modularityLabel } : {}),
  };
}

function hits(advisories: readonly Advisory[], pkg: Package, d: Distribution): string[] {
  if (!rockyMatcher.handles(pkg, d)) return [];
  const qs = rockyMatcher.queries(pkg, d);
  return [
    ...new Set(
      advisories
        .filter((a) => qs.some((q) => q.namespace === a.namespace && q.packageName === a.packageName) && rockyMatcher.isAffected(pkg, a))
        .map((a) => a.id),
    ),
  ];
}

test("matching: binaries by their source rpm, epochs from the purl, module streams kept apart, the image's major only", async () => {
  const advisories = await loadOsvMirror(rockyUpdaters, join(TESTDATA, "osv"));
  const r8 = dist("8.7");
  const r9 = dist("9.3");
  assert.deepEqual(hits(advisories, rpm("glibc-common", "2.34-83.el9_3.7", "glibc"), r9), ["RLSA-2024:3339"]);
  assert.deepEqual(hits(advisories, rpm("glibc-common", "2.34-100.el9_4.2", "glibc"), r9), []);
  assert.deepEqual(hits(advisories, rpm("glibc-common", "2.34-83.el9_3.7", "glibc"), r8), []);
  // Without the purl's epoch, 1:1.1.1k-7 would sort above the fix 1.1.1k-9 and be missed.
  assert.deepEqual(hits(advisories, rpm("openssl-libs", "1:1.1.1k-7.el8_6", "openssl"), r8), ["RLSA-2023:1405"]);
  assert.deepEqual(hits(advisories, rpm("openssl-libs", "1:1.1.1k-9.el8_7", "openssl"), r8), []);
  const label = "python39:3.9:8060020220524154811:d3c4fb39";
  assert.deepEqual(hits(advisories, rpm("python39-libs", "3.9.7-1.module+el8.6.0+795+de4edbcc", "python39", label), r8), ["RLSA-2022:8492"]);
  assert.deepEqual(hits(advisories, rpm("python39-libs", "3.9.7-1.module+el8.6.0+795+de4edbcc", "python39", "python39:3.10:1:a"), r8), []);
  assert.deepEqual(hits(advisories, rpm("python39-libs", "3.9.7-1.el8", "python39"), r8), []);
});

test("Apollo's own API spells the ecosystem as a slug (rocky-linux:8); that reads the same", async () => {
  const record = JSON.parse(readFileSync(join(TESTDATA, "osv", "RLSA-2023:1405.json"), "utf8")) as { affected: { package: { ecosystem: string } }[] };
  record.affected[0]!.package.ecosystem = "rocky-linux:8";
  const [u] = await rockyUpdaters({ kind: "file", path: "RLSA-2023:1405.json" }, { get: async () => ({ status: "unchanged" }), listDir: async () => [] });
  const out = u!.parse(Buffer.from(JSON.stringify(record)));
  assert.deepEqual(
    [...out.advisories].map((a) => `${a.namespace} ${a.packageName} ${a.fixedVersion}`),
    ["rocky:8 openssl 1:1.1.1k-9.el8_7"],
  );
  assert.deepEqual(out.problems, []);
});

test("upstream is OSV.dev's `Rocky Linux/all.zip`; a url base resolves to the same folder name", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  for (const source of [{ kind: "upstream" as const }, { kind: "url" as const, url: "https://mirror.example/osv/" }]) {
    const [u] = await rockyUpdaters(source, client);
    await u?.fetch(null, client);
  }
  assert.deepEqual(seen, [ROCKY_OSV_URL, "https://mirror.example/osv/Rocky%20Linux/all.zip"]);
  assert.equal(ROCKY_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip");
});
