import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { localFeedClient } from "../../formats/oval/testdata/file-client.js";
import { distributionCases } from "../../formats/oval/testdata/dist-cases.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";
import { mariner, marinerDistributionScanner, namespaceOfFileName } from "./index.js";

const DIR = sharedPath("fixtures", "vulndata", "mariner", "oval");
distributionCases(join(import.meta.dirname, "testdata", "dist"), marinerDistributionScanner);
const LAYER = `sha256:${"0".repeat(64)}` as const;

async function loadAll(): Promise<Map<string, Advisory[]>> {
  const ups = await mariner.updaters({ kind: "dir", path: DIR }, localFeedClient);
  const out = new Map<string, Advisory[]>();
  for (const u of ups) {
    const got = await u.fetch(null, localFeedClient);
    assert.equal(got.status, "changed");
    const parsed = u.parse(got.status === "changed" ? got.body : Buffer.alloc(0));
    out.set(u.id, [...parsed.advisories]);
    assert.deepEqual(parsed.problems, []);
  }
  return out;
}

const key = (r: Advisory): string =>
  `${r.namespace} ${r.packageName} ${r.id} ${r.status} ${r.introducedVersion ?? "-"} ${r.fixedVersion ?? "-"} ${r.lastAffectedVersion ?? "-"}`;

test("both vunnel samples load through the dir source; release from the file name", async () => {
  assert.equal(namespaceOfFileName("cbl-mariner-2.0-oval.xml"), "mariner:2.0");
  assert.equal(namespaceOfFileName("azurelinux-3.0-oval.xml"), "azurelinux:3.0");
  const all = await loadAll();
  assert.deepEqual([...all.keys()], ["mariner/azurelinux-3.0", "mariner/mariner-2.0"]);
  assert.deepEqual(
    new Set(all.get("mariner/azurelinux-3.0")!.map(key)),
    new Set([
      "azurelinux:3.0 freeglut CVE-2024-24258 fixed - 3.4.0-1.azl3 -",
      "azurelinux:3.0 freeglut CVE-2024-24259 fixed - 3.4.0-1.azl3 -",
      "azurelinux:3.0 ceph CVE-2020-27304 fixed - 18.2.1-1.azl3 -",
    ]),
  );
  assert.deepEqual(
    new Set(all.get("mariner/mariner-2.0")!.map(key)),
    new Set([
      "mariner:2.0 golang CVE-2023-29404 fixed 1.19.0.cm2 1.20.7-1.cm2 -",
      "mariner:2.0 glibc CVE-2023-0687 affected - - 2.35-4.cm2",
      "mariner:2.0 mysql CVE-2023-21980 fixed - 8.0.33-1.cm2 -",
      "mariner:2.0 mysql CVE-2023-21977 fixed - 8.0.33-1.cm2 -",
      "mariner:2.0 bind CVE-2022-3736 affected - - 9.16.33-1.cm2",
    ]),
  );
  const golang = all.get("mariner/mariner-2.0")!.find((r) => r.packageName === "golang")!;
  assert.equal(golang.severity, "critical");
  assert.deepEqual(golang.links, ["https://nvd.nist.gov/vuln/detail/CVE-2023-29404"]);
});

async function findings(pkgs: readonly Package[], dist: { id: string; versionId: string }): Promise<string[]> {
  const all = await loadAll();
  const records = [...all.values()].flat();
  const d = { ...dist, codename: null, prettyName: null };
  const hits: string[] = [];
  for (const p of pkgs) {
    if (!mariner.matcher.handles(p, d)) continue;
    for (const q of mariner.matcher.queries(p, d)) {
      for (const r of records) {
        if (r.namespace === q.namespace && r.packageName === q.packageName && mariner.matcher.isAffected(p, r)) hits.push(`${p.name}@${p.version} ${r.id}`);
      }
    }
  }
  return hits.sort();
}

test("the cbl-mariner-2.0 rpmdb (rpmPackageScanner) against the Mariner 2.0 sample: glibc 2.34-2.cm2 ≤ 2.35-4.cm2 is the one finding", async () => {
  const dir = sharedPath("fixtures", "pkgdb", "rpmdb", "sqlite", "cbl-mariner-2.0");
  const tree = memoryTree({ "var/lib/rpm/rpmdb.sqlite": readFileSync(join(dir, "rpmdb.sqlite")) });
  const dist = { id: "mariner", versionId: "2.0" };
  const scanned = rpmPackageScanner.scan(tree, { distribution: { ...dist, codename: null, prettyName: null } });
  assert.deepEqual(scanned.problems, []);
  // Of the sample's packages (golang, glibc, mysql, bind) the image has only glibc, at 2.34-2.cm2.
  const names = new Set(scanned.found.map((p) => p.name));
  assert.deepEqual(
    ["golang", "glibc", "mysql", "bind"].filter((n) => names.has(n)),
    ["glibc"],
  );
  const pkgs = scanned.found.map((p) => ({ ...p, layer: LAYER }));
  assert.deepEqual(await findings(pkgs, dist), ["glibc@2.34-2.cm2 CVE-2023-0687"]);
  // The same image read as Azure Linux 3.0 queries another namespace and finds nothing.
  assert.deepEqual(await findings(pkgs, { id: "azurelinux", versionId: "3.0" }), []);
});

test("mariner-distroless: the rpm scanner reads container-manifest-2 (no rpmdb), and its glibc matches", async () => {
  const manifest = readFileSync(sharedPath("fixtures", "pkgdb", "rpmdb", "mariner-distroless", "container-manifest-2"));
  const distribution = { id: "mariner", versionId: "2.0", codename: null, prettyName: null };
  const scanned = rpmPackageScanner.scan(memoryTree({ "var/lib/rpmmanifest/container-manifest-2": manifest }), { distribution });
  assert.deepEqual(scanned.problems, []);
  assert.equal(scanned.found.length, manifest.toString("utf8").trim().split("\n").length);
  const pkgs: Package[] = scanned.found.map((p) => ({ ...p, layer: LAYER }));
  assert.deepEqual(await findings(pkgs, { id: "mariner", versionId: "2.0" }), ["glibc@2.35-2.cm2 CVE-2023-0687"]);
});
