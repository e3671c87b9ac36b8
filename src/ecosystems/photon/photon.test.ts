import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { sharedPath } from "../../../test/support/shared.js";
import { localFeedClient } from "../../formats/oval/testdata/file-client.js";
import { distributionCases } from "../../formats/oval/testdata/dist-cases.js";
import { canonicalEvr } from "../../formats/rpm/version.js";
import { photon, photonDistributionScanner, photonNamespace } from "./index.js";

const FILE = sharedPath("fixtures", "vulndata", "photon", "oval", "com.vmware.phsa-photon3.xml");
distributionCases(join(import.meta.dirname, "testdata", "dist"), photonDistributionScanner);

async function load(): Promise<{ recs: Advisory[]; problems: number; id: string }> {
  const [u] = await photon.updaters({ kind: "file", path: FILE }, localFeedClient);
  const got = await u!.fetch(null, localFeedClient);
  assert.equal(got.status, "changed");
  const out = u!.parse(got.status === "changed" ? got.body : Buffer.alloc(0));
  const recs = [...out.advisories];
  return { recs, problems: out.problems.length, id: u!.id };
}

test("the real Photon 3 OVAL: one record per `X is earlier than V` criterion, all in photon:3", async () => {
  const { recs, problems, id } = await load();
  assert.equal(id, "photon/3");
  assert.equal(problems, 0);
  // Independent count: every `is earlier than` comment names one (package, fix) of one definition.
  const text = readFileSync(FILE, "utf8");
  const defs = text.slice(0, text.indexOf("<tests>")).split("<definition ").slice(1);
  const want = new Set<string>();
  for (const d of defs) {
    const adv = /<title>(PHSA-\d{4}:\d+)/.exec(d)![1]!;
    for (const m of d.matchAll(/comment="(\S+) is earlier than (\S+)"/g)) want.add(`${adv} ${m[1]} ${canonicalEvr(m[2]!)}`);
  }
  assert.deepEqual(new Set(recs.map((r) => `${r.id} ${r.packageName} ${r.fixedVersion}`)), want);
  assert.ok(recs.every((r) => r.namespace === "photon:3" && r.status === "fixed" && r.packageKind === "binary"));
  const sqlite = recs.find((r) => r.id === "PHSA-2020:00001" && r.packageName === "sqlite-libs")!;
  assert.deepEqual(sqlite.aliases, ["CVE-2019-16168"]);
  assert.equal(sqlite.fixedVersion, "3.27.2-5.ph3");
  assert.equal(sqlite.severity, "high");
  assert.equal(sqlite.vendorSeverity, "Important");
});

test("photon matcher: namespace by major release, installed < fixed", async () => {
  const { recs } = await load();
  const dist = { id: "photon", versionId: "3.0", codename: null, prettyName: null };
  assert.equal(photonNamespace(dist), "photon:3");
  const pkg = (version: string): Package => ({
    name: "sqlite-libs",
    version,
    type: "rpm",
    arch: "x86_64",
    source: null,
    purl: "",
    layer: `sha256:${"0".repeat(64)}`,
    foundIn: "",
  });
  const m = photon.matcher;
  assert.equal(m.handles(pkg("3.27.2-4.ph3"), dist), true);
  assert.equal(m.handles(pkg("3.27.2-4.ph3"), { ...dist, id: "fedora" }), false);
  assert.deepEqual(m.queries(pkg("1"), dist)[0], { namespace: "photon:3", packageName: "sqlite-libs", packageKind: "binary" });
  const rec = recs.find((r) => r.id === "PHSA-2020:00001" && r.packageName === "sqlite-libs")!;
  assert.equal(m.isAffected(pkg("3.27.2-4.ph3"), rec), true);
  assert.equal(m.isAffected(pkg("3.27.2-5.ph3"), rec), false);
  assert.equal(m.isAffected(pkg("3.30.1-1.ph3"), rec), false);
});

test("upstream layout: one updater per Photon release at packages.vmware.com", async () => {
  const ups = await photon.updaters({ kind: "upstream" }, localFeedClient);
  assert.deepEqual(
    ups.map((u) => u.id),
    ["photon/1", "photon/2", "photon/3", "photon/4", "photon/5"],
  );
});
