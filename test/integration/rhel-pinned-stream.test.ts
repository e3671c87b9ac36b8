import assert from "node:assert/strict";
import { test } from "node:test";
import type { Advisory } from "../../src/core/advisory.js";
import type { Distribution } from "../../src/core/distribution.js";
import type { Package } from "../../src/core/package.js";
import type { IndexReport } from "../../src/core/report.js";
import { rhelMatcher, rhelUpdaters } from "../../src/ecosystems/rhel/index.js";
import { matchReport } from "../../src/matcher/index.js";
import { createFeedClient } from "../../src/updater/index.js";
import { sharedPath } from "../support/shared.js";

// RHSA-2024:0811 (a real CSAF sample) fixes sudo in the main stream rhel:9 at 1.9.5p2-10.el9_3 and
// in EUS 9.2 at 1.9.5p2-9.el9_2.2. An EUS 9.2 image is judged by its own stream's record.
async function advisories(): Promise<Advisory[]> {
  const client = createFeedClient();
  const [u] = await rhelUpdaters({ kind: "dir", path: sharedPath("fixtures", "vulndata", "redhat", "csaf-advisories") }, client);
  const got = await u!.fetch(null, client);
  assert.equal(got.status, "changed");
  return got.status === "changed" ? [...u!.parse(got.body).advisories] : [];
}

const EUS_SETS = ["rhel-9-for-x86_64-appstream-eus-rpms__9_DOT_2", "rhel-9-for-x86_64-baseos-eus-rpms__9_DOT_2"];
const rhel92 = (repositories?: readonly string[]): Distribution => ({
  id: "rhel",
  versionId: "9.2",
  codename: null,
  prettyName: "Red Hat Enterprise Linux 9.2",
  ...(repositories ? { repositories } : {}),
});
const sudo = (version: string): Package => ({
  name: "sudo",
  version,
  type: "rpm",
  arch: "x86_64",
  source: { name: "sudo", version },
  purl: `pkg:rpm/redhat/sudo@${version}?arch=x86_64`,
  layer: `sha256:${"1".repeat(64)}`,
  foundIn: "var/lib/rpm/rpmdb.sqlite",
});
const report = (distribution: Distribution, pkg: Package): IndexReport => ({
  source: { ref: "test", digest: null, platform: { os: "linux", architecture: "amd64" }, repository: null },
  distribution,
  layers: [],
  packages: [pkg],
  problems: [],
});

test("RHEL pinned streams: an EUS image at its EUS fix is clean; the main stream's later build does not count against it", async () => {
  const all = await advisories();
  const store = {
    find: async (qs: readonly { namespace: string; packageName: string; packageKind: string }[]) =>
      all.filter((a) => qs.some((q) => q.namespace === a.namespace && q.packageName === a.packageName && q.packageKind === a.packageKind)),
  };
  const rows = async (d: Distribution, version: string): Promise<string[]> =>
    (await matchReport(report(d, sudo(version)), [rhelMatcher], store)).map((f) => `${f.id} ${f.namespace} ${f.fixedVersion}`).sort();
  const cves = ["CVE-2023-28486", "CVE-2023-28487", "CVE-2023-42465"];
  // At the EUS fix: nothing, although rhel:9's record (fixed in -10.el9_3) says the version is older.
  assert.deepEqual(await rows(rhel92(EUS_SETS), "1.9.5p2-9.el9_2.2"), []);
  // Below the EUS fix: the EUS records, not the main stream's.
  assert.deepEqual(
    await rows(rhel92(EUS_SETS), "1.9.5p2-9.el9_2.1"),
    cves.map((id) => `${id} rhel-eus:9.2 1.9.5p2-9.el9_2.2`),
  );
  // Without content sets the image is matched against the main stream, as before.
  assert.deepEqual(
    await rows(rhel92(), "1.9.5p2-9.el9_2.2"),
    cves.map((id) => `${id} rhel:9 1.9.5p2-10.el9_3`),
  );
});
