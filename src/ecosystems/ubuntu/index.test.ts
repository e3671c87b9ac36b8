import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { claro } from "../../../test/support/claro.js";
import { sharedPath } from "../../../test/support/shared.js";
import { ecosystems } from "../index.js";
import { ubuntu } from "./index.js";

test("the registry has ubuntu, and it shares the one dpkg scanner with debian", () => {
  assert.equal(ecosystems.ubuntu, ubuntu);
  assert.equal(ubuntu.packageScanners[0], ecosystems.debian.packageScanners[0]);
  assert.equal(ubuntu.packageScanners[0]?.id, "dpkg");
});

test("CLI: db update --source ubuntu=<fixture dir> loads both feeds; a scan of a jammy rootfs matches them", async () => {
  const db = `sqlite:${join(mkdtempSync(join(tmpdir(), "claro-ubuntu-db-")), "claro.sqlite")}`;
  const update = await claro(["db", "update", "--db", db, "--source", `ubuntu=${sharedPath("fixtures", "vulndata", "ubuntu")}`]);
  assert.equal(update.code, 0, update.stderr);
  const status = await claro(["db", "status", "--format", "json", "--db", db]);
  assert.equal(status.code, 0, status.stderr);
  const parsed = JSON.parse(status.stdout) as { advisories: number; updaters: { updater: string; recordCount: number; lastRun: { status: string } }[] };
  assert.equal(parsed.advisories, 45);
  assert.deepEqual(parsed.updaters.map((u) => [u.updater, u.recordCount, u.lastRun.status]).sort(), [
    ["ubuntu", 35, "changed"],
    ["ubuntu/esm", 10, "changed"],
  ]);
  const again = await claro(["db", "update", "--db", db, "--source", `ubuntu=${sharedPath("fixtures", "vulndata", "ubuntu")}`]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /ubuntu: unchanged/);

  const scan = await claro(["scan", "--format", "json", "--db", db, `dir:${join(import.meta.dirname, "testdata", "scan-jammy")}`]);
  assert.equal(scan.code, 0, scan.stderr);
  const report = JSON.parse(scan.stdout) as {
    distribution: { id: string; versionId: string };
    packages: { name: string; purl: string }[];
    vulnerabilities: { id: string; package: { name: string }; status: string; fixedVersion: string | null; namespace: string }[];
  };
  assert.deepEqual(report.distribution && [report.distribution.id, report.distribution.versionId], ["ubuntu", "22.04"]);
  assert.equal(report.packages.find((p) => p.name === "libc6")?.purl, "pkg:deb/ubuntu/libc6@2.35-0ubuntu3.8?arch=amd64&distro=ubuntu-22.04&upstream=glibc");
  assert.deepEqual(report.vulnerabilities.map((v) => [v.id, v.package.name, v.status, v.fixedVersion, v.namespace]).sort(), [
    ["CVE-2016-20013", "libc6", "affected", null, "ubuntu:22.04"],
    ["CVE-2021-3782", "libwayland-client0", "fixed", "1.20.0-1ubuntu0.1", "ubuntu:22.04"],
  ]);
});
