import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { claro } from "../../../test/support/claro.js";
import { memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { loadOsvMirror } from "../../../test/support/osv-ecosystem.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { ALMALINUX_OSV_URL, almalinux, almalinuxMatcher, almalinuxUpdaters } from "./index.js";

const TESTDATA = join(import.meta.dirname, "testdata");
const MIRROR = sharedPath("fixtures/vulndata/almalinux/osv-database");

for (const name of readdirSync(join(TESTDATA, "dist")).sort()) {
  test(`testdata/dist/${name}`, () => {
    const want = JSON.parse(readFileSync(join(TESTDATA, "dist", name, "want.json"), "utf8")) as unknown;
    const got = almalinux.distributionScanners[0]!.scan(memoryTreeFromDir(join(TESTDATA, "dist", name)));
    assert.deepEqual(got.found, want);
    assert.deepEqual(got.problems, []);
  });
}

const wantRecords = readFileSync(join(TESTDATA, "want", "records.tsv"), "utf8")
  .split("\n")
  .filter((l) => l !== "" && !l.startsWith("#"))
  .map((l) => l.split("\t"));

test("the shared AlmaLinux errata (osv-database, 8 and 9) load one advisory per binary rpm, in almalinux:<major>, with related CVEs as aliases and the summary's impact", async () => {
  const advisories = await loadOsvMirror(almalinuxUpdaters, MIRROR);
  const byId = new Map<string, Advisory[]>();
  for (const a of advisories) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
  const rows = [...byId].map(([id, list]) => [
    id,
    [...new Set(list.map((a) => a.namespace))].join(","),
    String(list.length),
    [...new Set(list.map((a) => a.fixedVersion))].sort().join(","),
    list[0]!.vendorSeverity ?? "",
    [...list[0]!.aliases].sort().join(","),
  ]);
  assert.deepEqual(rows.sort(), wantRecords.sort());
  assert.ok(
    advisories.every(
      (a) => a.status === "fixed" && a.introducedVersion === null && a.versionScheme === "rpm" && a.packageKind === "binary" && a.updater === "almalinux",
    ),
  );
  const openssl = advisories.find((a) => a.id === "ALSA-2023:1405" && a.packageName === "openssl-libs");
  assert.equal(openssl?.severity, "high");
  assert.ok(openssl?.links.includes("https://errata.almalinux.org/8/ALSA-2023-1405.html"));
  assert.equal(advisories.find((a) => a.id === "ALSA-2023:1140")?.severity, "medium");
});

const dist = (versionId: string): Distribution => ({ id: "almalinux", versionId, codename: null, prettyName: null });

function rpm(name: string, version: string, source: string): Package {
  return {
    name,
    version,
    type: "rpm",
    arch: "x86_64",
    source: { name: source, version },
    purl: `pkg:rpm/almalinux/${name}@${version}`,
    layer: `sha256:${"a".repeat(64)}`,
    foundIn: "var/lib/rpm/rpmdb.sqlite",
  };
}

function hits(advisories: readonly Advisory[], pkg: Package, d: Distribution): string[] {
  if (!almalinuxMatcher.handles(pkg, d)) return [];
  const qs = almalinuxMatcher.queries(pkg, d);
  const found = advisories.filter((a) => qs.some((q) => q.namespace === a.namespace && q.packageName === a.packageName && q.packageKind === a.packageKind));
  return [...new Set(found.filter((a) => almalinuxMatcher.isAffected(pkg, a)).map((a) => a.id))].sort();
}

test("matching: rpm EVR order strictly below the fix, epochs count, the image's major only, binaries not in a record found through their source rpm", async () => {
  const advisories = await loadOsvMirror(almalinuxUpdaters, MIRROR);
  const a8 = dist("8.7");
  const a9 = dist("9.1");
  assert.deepEqual(hits(advisories, rpm("libcurl", "7.61.1-25.el8_7.1", "curl"), a8), ["ALSA-2023:1140"]);
  assert.deepEqual(hits(advisories, rpm("libcurl", "7.61.1-25.el8_7.3", "curl"), a8), []);
  // The same zlib build is matched by the 8 erratum on 8 and by the 9 one on 9, never both.
  assert.deepEqual(hits(advisories, rpm("zlib", "1.2.11-18.el8", "zlib"), a8), ["ALSA-2022:7106"]);
  assert.deepEqual(hits(advisories, rpm("zlib", "1.2.11-18.el8", "zlib"), a9), ["ALSA-2022:7314"]);
  assert.deepEqual(hits(advisories, rpm("curl", "7.76.1-19.el9_1", "curl"), a9), ["ALSA-2023:0333"]);
  // openssl's fix carries epoch 1: a package without it is older whatever its release.
  assert.deepEqual(hits(advisories, rpm("openssl-libs", "1:1.1.1k-7.el8_6", "openssl"), a8), ["ALSA-2023:1405"]);
  assert.deepEqual(hits(advisories, rpm("openssl-libs", "1.1.1k-99.el8", "openssl"), a8), ["ALSA-2023:1405"]);
  assert.deepEqual(hits(advisories, rpm("openssl-libs", "1:1.1.1k-9.el8_7", "openssl"), a8), []);
  // A glibc binary the erratum does not list is still matched by its source rpm's name.
  assert.deepEqual(hits(advisories, rpm("glibc-minimal-langpack-extra", "2.28-236.el8", "glibc"), a8), ["ALSA-2024:3269"]);
  assert.deepEqual(hits(advisories, rpm("zlib", "1.2.11-17.el8", "zlib"), dist("8.6")), ["ALSA-2022:7106"]);
  assert.equal(almalinuxMatcher.handles(rpm("zlib", "1.2.11-17.el8", "zlib"), { ...a8, id: "rocky" }), false);
  assert.equal(almalinuxMatcher.handles({ ...rpm("zlib", "1", "zlib"), type: "deb" }, a8), false);
});

test("upstream is OSV.dev's AlmaLinux all.zip; a url base resolves to its AlmaLinux folder", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  for (const source of [{ kind: "upstream" as const }, { kind: "url" as const, url: "https://mirror.example/osv" }]) {
    const [u] = await almalinuxUpdaters(source, client);
    await u?.fetch(null, client);
  }
  assert.deepEqual(seen, [ALMALINUX_OSV_URL, "https://mirror.example/osv/AlmaLinux/all.zip"]);
  assert.equal(ALMALINUX_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/AlmaLinux/all.zip");
});

test("CLI: db update --source almalinux=<osv-database mirror>, then scan an AlmaLinux 8 rootfs", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "claro-alma-"));
  try {
    const db = `sqlite:${join(tmp, "claro.sqlite")}`;
    const update = await claro(["db", "update", "--db", db, "--only", "almalinux", "--source", `almalinux=${MIRROR}`]);
    assert.equal(update.code, 0, update.stderr);
    const root = join(tmp, "rootfs");
    mkdirSync(join(root, "etc"), { recursive: true });
    mkdirSync(join(root, "var/lib/rpmmanifest"), { recursive: true });
    writeFileSync(join(root, "etc/os-release"), readFileSync(join(TESTDATA, "dist", "alma8", "etc", "os-release")));
    // The rpm -qa listing the rpm scanner also reads (container-manifest-2), so no rpmdb is needed.
    const line = (n: string, vr: string, epoch: string, srpm: string): string =>
      [n, vr, "1700000000", "1700000000", "AlmaLinux", epoch, "100", "x86_64", "0", srpm].join("\t");
    writeFileSync(
      join(root, "var/lib/rpmmanifest/container-manifest-2"),
      [
        line("libcurl-minimal", "7.61.1-25.el8_7.1", "(none)", "curl-7.61.1-25.el8_7.1.src.rpm"),
        line("openssl-libs", "1.1.1k-9.el8_7", "1", "openssl-1.1.1k-9.el8_7.src.rpm"),
        line("zlib", "1.2.11-21.el8_7", "(none)", "zlib-1.2.11-21.el8_7.src.rpm"),
      ].join("\n") + "\n",
    );
    const scan = await claro(["scan", "--format", "json", "--db", db, `dir:${root}`]);
    assert.equal(scan.code, 0, scan.stderr);
    assert.doesNotMatch(scan.stderr, /NOT matched|no almalinux feed/);
    const report = JSON.parse(scan.stdout) as {
      distribution: { id: string };
      vulnerabilities: { id: string; package: { name: string }; fixedVersion: string | null; namespace: string; aliases: string[] }[];
    };
    assert.equal(report.distribution.id, "almalinux");
    assert.deepEqual(
      report.vulnerabilities.map((v) => [v.id, v.package.name, v.fixedVersion, v.namespace, v.aliases.join()]),
      [["ALSA-2023:1140", "libcurl-minimal", "7.61.1-25.el8_7.3", "almalinux:8", "CVE-2023-23916"]],
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
