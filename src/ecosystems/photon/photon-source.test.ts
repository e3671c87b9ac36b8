import assert from "node:assert/strict";
import { test } from "node:test";
import type { AdvisoryQuery } from "../../contracts/matcher.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import type { IndexReport } from "../../core/report.js";
import { sharedPath } from "../../../test/support/shared.js";
import { localFeedClient } from "../../formats/oval/testdata/file-client.js";
import { matchReport } from "../../matcher/match.js";
import { photon } from "./index.js";

// Issue 12 (8): Photon's advisories are keyed by source package, so a subpackage (curl-libs)
// must also be matched under its source rpm's name (curl).
const FILE = sharedPath("fixtures", "vulndata", "photon", "oval", "com.vmware.phsa-photon3.xml");
const dist = { id: "photon", versionId: "3.0", codename: null, prettyName: null };
const layer = `sha256:${"0".repeat(64)}` as const;

function pkg(name: string, source: string, version: string): Package {
  return { name, version, type: "rpm", arch: "x86_64", source: { name: source, version }, purl: `pkg:rpm/photon/${name}@${version}`, layer, foundIn: "" };
}

async function records(): Promise<Advisory[]> {
  const [u] = await photon.updaters({ kind: "file", path: FILE }, localFeedClient);
  const got = await u!.fetch(null, localFeedClient);
  assert.equal(got.status, "changed");
  return [...u!.parse(got.status === "changed" ? got.body : Buffer.alloc(0)).advisories];
}

function storeOf(recs: readonly Advisory[]): { find: (qs: readonly AdvisoryQuery[]) => Promise<Advisory[]> } {
  return {
    find: async (qs) => recs.filter((r) => qs.some((q) => q.namespace === r.namespace && q.packageName === r.packageName && q.packageKind === r.packageKind)),
  };
}

test("photon matcher also asks for the source package's records", () => {
  const qs = photon.matcher.queries(pkg("curl-libs", "curl", "7.61.1-2.ph3"), dist);
  assert.ok(qs.some((q) => q.packageName === "curl-libs"));
  assert.ok(
    qs.some((q) => q.namespace === "photon:3" && q.packageName === "curl"),
    JSON.stringify(qs),
  );
});

test("curl-libs meets an advisory that only names curl; one finding per advisory even when both names match", async () => {
  // Keep only the `curl` rows, as a feed keyed by source package has them.
  const recs = (await records()).filter((r) => r.packageName === "curl" || r.packageName === "curl-libs");
  const onlyCurl = recs.filter((r) => r.packageName === "curl");
  assert.ok(onlyCurl.length > 0);
  const report: IndexReport = {
    source: { ref: "x", digest: null, platform: { os: "linux", architecture: "amd64" }, repository: null },
    distribution: dist,
    layers: [],
    packages: [pkg("curl-libs", "curl", "7.61.1-2.ph3")],
    problems: [],
  };
  const bySource = await matchReport(report, [photon.matcher], storeOf(onlyCurl));
  assert.deepEqual([...new Set(bySource.map((f) => f.id))].sort(), [...new Set(onlyCurl.map((r) => r.id))].sort());
  const both = await matchReport(report, [photon.matcher], storeOf(recs));
  assert.equal(both.length, new Set(both.map((f) => f.id)).size);
});
