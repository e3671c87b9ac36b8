import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { parseRpmDb } from "../../formats/rpm/rpmdb.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";
import { memoryTree, MEMORY_LAYER } from "../../../test/support/memory-tree.js";
import { claro } from "../../../test/support/claro.js";
import { sharedPath } from "../../../test/support/shared.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { rhelMatcher } from "./matcher.js";
import { rhelUpdaters } from "./updater.js";

const csafDir = sharedPath("fixtures", "vulndata", "redhat", "csaf-advisories");
const rpmdb = sharedPath("fixtures", "pkgdb", "rpmdb", "sqlite", "cbl-mariner-2.0", "rpmdb.sqlite");
const dist = (id: string, versionId: string): Distribution => ({ id, versionId, codename: null, prettyName: null });

async function feed(): Promise<Advisory[]> {
  const client = createFeedClient();
  const [u] = await rhelUpdaters({ kind: "dir", path: csafDir }, client);
  const got = await u!.fetch(null, client);
  return got.status === "changed" ? [...u!.parse(got.body).advisories] : [];
}

/** The engine's flow in miniature: queries select records by key, isAffected decides. */
function findings(pkgs: readonly Package[], d: Distribution, advisories: readonly Advisory[]): string[] {
  const out = new Set<string>();
  for (const pkg of pkgs) {
    if (!rhelMatcher.handles(pkg, d)) continue;
    for (const q of rhelMatcher.queries(pkg, d)) {
      for (const a of advisories) {
        if (a.namespace !== q.namespace || a.packageName !== q.packageName || a.packageKind !== q.packageKind) continue;
        if (a.status !== "not_affected" && rhelMatcher.isAffected(pkg, a)) out.add(`${a.id} ${pkg.name} ${a.namespace} ${a.fixedVersion}`);
      }
    }
  }
  return [...out].sort();
}

/** Real packages, read from the shared SQLite rpmdb, as the rpm scanner reports them for a distro. */
function scanned(d: Distribution): Package[] {
  const tree = memoryTree({ "var/lib/rpm/rpmdb.sqlite": readFileSync(rpmdb) });
  return rpmPackageScanner.scan(tree, { distribution: d }).found.map((p) => ({ ...p, layer: MEMORY_LAYER }));
}

function rpm(name: string, version: string, source: string, modularityLabel?: string): Package {
  return {
    name,
    version,
    type: "rpm",
    arch: "x86_64",
    source: { name: source, version },
    purl: `pkg:rpm/rhel/${name}@${version}`,
    layer: MEMORY_LAYER,
    foundIn: "x",
    ...(modularityLabel ? { modularityLabel } : {}),
  };
}

test("rpmdb packages under RHEL 9.3: sudo 1.9.5p2-3 is below the main-stream fix; EUS fixes do not apply", async () => {
  const advisories = await feed();
  assert.ok(parseRpmDb("sqlite", readFileSync(rpmdb), "x").packages.some((p) => p.name === "sudo"));
  assert.deepEqual(findings(scanned(dist("rhel", "9.3")), dist("rhel", "9.3"), advisories), [
    "CVE-2023-28486 sudo rhel:9 1.9.5p2-10.el9_3",
    "CVE-2023-28487 sudo rhel:9 1.9.5p2-10.el9_3",
    "CVE-2023-42465 sudo rhel:9 1.9.5p2-10.el9_3",
  ]);
});

test("scoping: the same CentOS 7 package set matches no RHEL 8/9 advisory", async () => {
  const advisories = await feed();
  const c7 = dist("centos", "7");
  assert.deepEqual(findings(scanned(c7), c7, advisories), []);
  assert.deepEqual(findings([rpm("sudo", "1.8.23-10.el7_9.3", "sudo"), rpm("python3.9", "3.9.0-1.el7", "python3.9")], c7, advisories), []);
});

test("modules: an AppStream ruby:2.7 package matches only ruby:2.7 records; a non-modular ruby matches none", async () => {
  const advisories = await feed();
  const r8 = dist("centos", "8.5");
  const modular = rpm("ruby-libs", "2.7.6-138.module+el8.7.0+1+abc", "ruby", "ruby:2.7:8070020220906111111:63b34585");
  assert.deepEqual(findings([modular], r8, advisories), [
    "CVE-2021-33621 ruby-libs rhel:8 2.7.8-139.module+el8.8.0+18745+f1bef313",
    "CVE-2023-28755 ruby-libs rhel:8 2.7.8-139.module+el8.8.0+18745+f1bef313",
    "CVE-2023-28756 ruby-libs rhel:8 2.7.8-139.module+el8.8.0+18745+f1bef313",
  ]);
  assert.deepEqual(findings([rpm("ruby-libs", "2.5.0-1.el8", "ruby")], r8, advisories), []);
  // The rpmmod purl qualifier stands in for the label (SBOM input).
  const fromPurl = { ...rpm("ruby", "3.1.2-1.module+el8.8.0+1+x", "ruby"), purl: "pkg:rpm/redhat/ruby@3.1.2-1?rpmmod=ruby:3.1:1:a" };
  assert.equal(findings([fromPurl], r8, advisories).length, 4);
});

test("fixed is strictly less; the fixed build itself and later ones are clean; epochs count", async () => {
  const advisories = await feed();
  const r9 = dist("rhel", "9.3");
  assert.deepEqual(findings([rpm("tigervnc-server", "1.13.1-3.el9_3.3", "tigervnc")], r9, advisories), []);
  assert.equal(findings([rpm("tigervnc-server", "1.13.1-3.el9_3.2", "tigervnc")], r9, advisories).length, 3);
  const r6 = dist("centos", "6.10");
  assert.equal(findings([rpm("bind-libs", "32:9.8.2-0.68.rc1.el6_10.16", "bind")], r6, advisories).length, 2);
  // Without the epoch a much later-looking release is still older than 32:…
  assert.equal(findings([rpm("bind-libs", "9.8.2-0.99.el6", "bind")], r6, advisories).length, 2);
  assert.deepEqual(findings([rpm("bind-libs", "32:9.8.2-0.68.rc1.el6_10.17", "bind")], r6, advisories), []);
  assert.equal(rhelMatcher.handles(rpm("x", "1-1", "x"), dist("ol", "8")), false);
  // Rocky and AlmaLinux have errata of their own (ecosystems rocky, almalinux).
  assert.equal(rhelMatcher.handles(rpm("x", "1-1", "x"), dist("rocky", "9.3")), false);
  assert.equal(rhelMatcher.handles(rpm("x", "1-1", "x"), dist("almalinux", "8.9")), false);
});

test("CLI: db update --source rhel=<csaf dir>, then scan a rootfs built from the shared rpmdb and a RHEL 9 os-release", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "claro-rhel-"));
  const db = `sqlite:${join(tmp, "claro.sqlite")}`;
  const update = await claro(["db", "update", "--db", db, "--source", `rhel=${csafDir}`]);
  assert.equal(update.code, 0, update.stderr);
  const root = join(tmp, "rootfs");
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "var", "lib", "rpm"), { recursive: true });
  cpSync(join(import.meta.dirname, "testdata", "os-release", "rhel-9.3"), join(root, "etc", "os-release"));
  cpSync(rpmdb, join(root, "var", "lib", "rpm", "rpmdb.sqlite"));
  const scan = await claro(["scan", "--format", "json", "--db", db, `dir:${root}`]);
  assert.equal(scan.code, 0, scan.stderr);
  const report = JSON.parse(scan.stdout) as {
    distribution: { id: string; versionId: string };
    vulnerabilities: { id: string; package: { name: string }; status: string; fixedVersion: string | null; namespace: string; aliases: string[] }[];
  };
  assert.deepEqual([report.distribution.id, report.distribution.versionId], ["rhel", "9.3"]);
  assert.deepEqual(report.vulnerabilities.map((v) => [v.id, v.package.name, v.status, v.fixedVersion, v.namespace, v.aliases.join()]).sort(), [
    ["CVE-2023-28486", "sudo", "fixed", "1.9.5p2-10.el9_3", "rhel:9", "RHSA-2024:0811"],
    ["CVE-2023-28487", "sudo", "fixed", "1.9.5p2-10.el9_3", "rhel:9", "RHSA-2024:0811"],
    ["CVE-2023-42465", "sudo", "fixed", "1.9.5p2-10.el9_3", "rhel:9", "RHSA-2024:0811"],
  ]);
});
