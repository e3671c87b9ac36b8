import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseDebianFeed } from "./updater.js";

// vunnel's Debian provider reads three inputs: the security tracker JSON (debian.json, which
// claro's updater reads too), the DSA list (it attaches DSA ids to fixed rows) and, for releases
// the tracker dropped (wheezy = debian:7), its own legacy records. This holds claro's records for
// debian.json to vunnel's snapshots as sets, and reads the other two inputs to account for every
// row claro does not produce.
const ROOT = sharedPath("fixtures", "vulndata", "debian");
const EXPECTED = join(ROOT, "vunnel-expected");

interface VunnelFix {
  Name: string;
  Version: string;
  VendorAdvisory?: { AdvisorySummary: { ID: string }[] };
}
interface VunnelVuln {
  Name: string;
  NamespaceName: string;
  FixedIn: VunnelFix[];
}

function snapshots(): VunnelVuln[] {
  return readdirSync(EXPECTED).flatMap((ns) =>
    readdirSync(join(EXPECTED, ns)).map(
      (f) => (JSON.parse(readFileSync(join(EXPECTED, ns, f), "utf8")) as { item: { Vulnerability: VunnelVuln } }).item.Vulnerability,
    ),
  );
}

/** vunnel's Version column for one of our records: the fix, "0" for not affected, "None" for unfixed. */
function vunnelVersion(a: Advisory): string {
  return a.status === "fixed" ? a.fixedVersion! : a.status === "not_affected" ? "0" : "None";
}

/** The DSA list: DSA id → release codename → package → fixed version, and its CVEs. */
function readDsaList(text: string): Map<string, { cves: string[]; fixes: Map<string, string> }> {
  const out = new Map<string, { cves: string[]; fixes: Map<string, string> }>();
  let current: { cves: string[]; fixes: Map<string, string> } | undefined;
  for (const line of text.split("\n")) {
    const head = /^\[[^\]]+\] (DSA-[0-9-]+) /.exec(line);
    if (head) out.set(head[1]!, (current = { cves: [], fixes: new Map() }));
    const cves = /^\s+\{([^}]*)\}/.exec(line);
    if (cves && current) current.cves.push(...cves[1]!.trim().split(/\s+/));
    const fix = /^\s+\[(\w+)\] - (\S+) (\S+)/.exec(line);
    if (fix && current) current.fixes.set(`${fix[1]}/${fix[2]}`, fix[3]!);
  }
  return out;
}

const CODENAME: Readonly<Record<string, string>> = {
  "debian:12": "bookworm",
  "debian:11": "bullseye",
  "debian:10": "buster",
  "debian:9": "stretch",
  "debian:8": "jessie",
};

test("per (release, CVE) that vunnel snapshots: the same (package, version) set from debian.json, one named exception", () => {
  const { advisories, problems } = parseDebianFeed(readFileSync(join(ROOT, "vunnel-input", "debian.json")));
  assert.deepEqual(problems, []);
  const ours = [...advisories];
  let compared = 0;
  const unexplained: string[] = [];
  for (const v of snapshots()) {
    if (v.NamespaceName === "debian:7") continue; // legacy records: next test
    const want = v.FixedIn.map((f) => `${f.Name} ${f.Version}`).sort();
    const got = ours
      .filter((a) => a.namespace === v.NamespaceName && a.id === v.Name)
      .map((a) => `${a.packageName} ${vunnelVersion(a)}`)
      .sort();
    const missing = want.filter((w) => !got.includes(w));
    assert.deepEqual(
      got.filter((g) => !want.includes(g)),
      [],
      `${v.NamespaceName} ${v.Name}: rows vunnel does not have`,
    );
    unexplained.push(...missing.map((m) => `${v.NamespaceName} ${v.Name} ${m}`));
    compared += want.length - missing.length;
  }
  assert.equal(compared, 25);
  // This row is in vunnel's snapshot but in none of the copied inputs: debian.json has no
  // 389_directory_server package and the DSA list no such entry. It came from an input of vunnel's
  // own test that was not copied, so there is nothing for claro to read it from.
  assert.deepEqual(unexplained, ["debian:10 CVE-2012-0833 389_directory_server 1.2.1"]);
});

test("DSA list: every DSA vunnel attaches to a fixed row names that CVE, package and fixed version for the release", () => {
  const dsa = readDsaList(readFileSync(join(ROOT, "vunnel-input", "DSA"), "utf8"));
  assert.equal(dsa.size, 10);
  assert.deepEqual(dsa.get("DSA-140")?.cves, ["CVE-2002-0660", "CVE-2002-0728"]);
  const ours = [...parseDebianFeed(readFileSync(join(ROOT, "vunnel-input", "debian.json"))).advisories];
  let checked = 0;
  for (const v of snapshots()) {
    for (const f of v.FixedIn) {
      for (const { ID } of f.VendorAdvisory?.AdvisorySummary ?? []) {
        const entry = dsa.get(ID);
        assert.ok(entry, `${ID} not in the DSA list`);
        assert.ok(entry.cves.includes(v.Name), `${ID} does not list ${v.Name}`);
        assert.equal(entry.fixes.get(`${CODENAME[v.NamespaceName]}/${f.Name}`), f.Version, `${ID} ${f.Name}`);
        // claro takes the fix from debian.json; the DSA list is the second source and must agree.
        const mine = ours.find((a) => a.namespace === v.NamespaceName && a.id === v.Name && a.packageName === f.Name);
        assert.equal(mine?.fixedVersion, f.Version, `${v.NamespaceName} ${v.Name} ${f.Name}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 1, "sope's DSA-5970-1 is the one DSA the snapshots carry");
});

test("debian:7 (wheezy, gone from the tracker): vunnel's legacy records are the snapshots, with no package rows; claro emits none", () => {
  const legacy = JSON.parse(readFileSync(join(ROOT, "vunnel-input", "legacy", "vulnerabilities-debian:7-0.json"), "utf8")) as { Vulnerability: VunnelVuln }[];
  const wheezy = snapshots().filter((v) => v.NamespaceName === "debian:7");
  assert.equal(wheezy.length, 17);
  assert.deepEqual(wheezy.map((v) => v.Name).sort(), legacy.map((l) => l.Vulnerability.Name).sort());
  // Both sides' (package, version, id) sets are empty: no FixedIn in vunnel, no debian:7 namespace in claro.
  assert.ok(wheezy.every((v) => v.FixedIn.length === 0) && legacy.every((l) => l.Vulnerability.FixedIn.length === 0));
  const ours = [...parseDebianFeed(readFileSync(join(ROOT, "vunnel-input", "debian.json"))).advisories];
  assert.equal(ours.filter((a) => a.namespace === "debian:7").length, 0);
  // legacy/debian-7/results.db is vunnel's placeholder for its legacy-DB path, not data: a one-line text file.
  const placeholder = readFileSync(join(ROOT, "vunnel-input", "legacy", "debian-7", "results.db"));
  assert.ok(!placeholder.subarray(0, 16).equals(Buffer.from("SQLite format 3\0")));
  assert.match(placeholder.toString("utf8"), /^# this is a dummy DB!\n$/);
});
