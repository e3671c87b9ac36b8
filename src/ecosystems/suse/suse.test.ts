import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Package } from "../../core/package.js";
import { sharedPath } from "../../../test/support/shared.js";
import { distributionCases } from "../../formats/oval/testdata/dist-cases.js";
import { loadFeed } from "../../formats/oval/testdata/load.js";
import { suse, suseDistributionScanner } from "./index.js";
import { suseNamespace } from "./releases.js";

const FILE = sharedPath("fixtures", "vulndata", "suse", "oval", "suse_truncated.xml");
distributionCases(join(import.meta.dirname, "testdata", "dist"), suseDistributionScanner);
const pkg = (name: string, version: string, arch: string): Package => ({
  name,
  version,
  type: "rpm",
  arch,
  source: null,
  purl: "",
  layer: `sha256:${"0".repeat(64)}`,
  foundIn: "",
});

test("vunnel's truncated SUSE OVAL: releases from release-package tests (or comments), arch-scoped when the state says so", async () => {
  const { records, problems } = await loadFeed(suse.updaters, { kind: "file", path: FILE });
  const cve = records.filter((r) => r.id === "CVE-2021-29154");
  assert.equal(cve.length, records.length, "only CVE-2021-29154 has resolvable fixes in the sample");
  const k = new Set(cve.map((r) => `${r.namespace} ${r.packageName} ${r.fixedVersion}`));
  // Resolved through real tests: sles-ltss-release ==15 / sles-release ==15.1 with an arch pattern state.
  for (const arch of ["aarch64", "ppc64le", "s390x", "x86_64"]) {
    assert.ok(k.has(`sles:15/${arch} kernel-default 4.12.14-150.72.1`));
    assert.ok(k.has(`sles:15.1/${arch} kernel-default 4.12.14-197.89.2`));
  }
  // Read from comments (tests cut from the sample): SAP 15 and Workstation Extension 15 SP3.
  assert.ok(k.has("sles:15 reiserfs-kmp-default 4.12.14-150.72.1"));
  assert.ok(k.has("sles:15.3 kernel-preempt-extra 5.3.18-59.5.2"));
  assert.equal(cve[0]!.severity, "high");
  assert.equal(cve[0]!.vendorSeverity, "Important");
  assert.deepEqual(
    cve[0]!.cvss.map((c) => [c.version, c.score]),
    [["3.1", 7]],
  );
  assert.ok(cve[0]!.aliases.includes("SUSE-SU-2021:1210-1"));
  // CVE-1999-0524 (`is not affected` / `==0`) yields no record; CVE-2010-1323's `operation="6"` is reported.
  assert.ok(!records.some((r) => r.id === "CVE-1999-0524"));
  assert.ok(problems.some((p) => p.kind === "bad-feed-record" && p.detail.startsWith("unsupported evr operation '6'")));
});

test("suse matcher: sles/sled 15.1 query sles:15.1 and its arch scope; arch-limited fixes skip noarch", async () => {
  const { records } = await loadFeed(suse.updaters, { kind: "file", path: FILE });
  const sled = { id: "sled", versionId: "15.1", codename: null, prettyName: null };
  assert.equal(suseNamespace(sled), "sles:15.1");
  assert.equal(suseNamespace({ ...sled, id: "opensuse-leap", versionId: "15.5" }), "opensuse-leap:15.5");
  const m = suse.matcher;
  const find = (p: Package): string[] => {
    const qs = m.queries(p, sled);
    return records
      .filter((r) => qs.some((q) => q.namespace === r.namespace && q.packageName === r.packageName) && m.isAffected(p, r))
      .map((r) => `${r.namespace} ${r.id}`);
  };
  // SLES 15 SP1-BCL (real test, arch state) and SAP 15 SP1 (comment, no arch) both name 197.89.2.
  assert.deepEqual(find(pkg("kernel-default", "4.12.14-197.88.1", "x86_64")).sort(), ["sles:15.1 CVE-2021-29154", "sles:15.1/x86_64 CVE-2021-29154"]);
  assert.deepEqual(find(pkg("kernel-default", "4.12.14-197.89.2", "x86_64")), []);
  assert.deepEqual(find(pkg("kernel-default", "4.12.14-197.88.1", "i586")), ["sles:15.1 CVE-2021-29154"]);
});
