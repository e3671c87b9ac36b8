import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { FeedSource } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { parseVexBody, ubuntuUpdaters } from "./updater.js";
import { vexFixStatus, vexProduct } from "./vex-mapping.js";

const ROOT = sharedPath("fixtures", "vulndata", "ubuntu");
const client = createFeedClient({ retries: 0 });
const row = (a: Advisory): string => [a.id, a.namespace, a.packageName, a.status, a.fixedVersion ?? "-"].join(" ");

async function load(source: FeedSource): Promise<Map<string, { advisories: Advisory[]; problems: unknown[] }>> {
  const out = new Map<string, { advisories: Advisory[]; problems: unknown[] }>();
  for (const u of await ubuntuUpdaters(source, client)) {
    const got = await u.fetch(null, client);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") continue;
    const parsed = u.parse(got.body);
    out.set(u.id, { advisories: [...parsed.advisories], problems: parsed.problems });
  }
  return out;
}

function vexFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? vexFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
  );
}

test("every Ubuntu VEX sample loads as updater ubuntu/vex (the vex/ tree, its cve/ subtree, each file); the mirror root stays OSV", async () => {
  const vex = await load({ kind: "dir", path: join(ROOT, "vex") });
  assert.deepEqual([...vex.keys()], ["ubuntu/vex"]);
  const all = vex.get("ubuntu/vex")!;
  assert.deepEqual(all.problems, []);
  assert.equal(all.advisories.length, 43);
  const sub = await load({ kind: "dir", path: join(ROOT, "vex", "cve") });
  assert.deepEqual(sub.get("ubuntu/vex")?.advisories.map(row), all.advisories.map(row));
  const files = vexFiles(join(ROOT, "vex"));
  assert.equal(files.length, 2);
  let n = 0;
  for (const path of files) {
    const one = await load({ kind: "file", path });
    assert.deepEqual([...one.keys()], ["ubuntu/vex"], path);
    n += one.get("ubuntu/vex")!.advisories.length;
  }
  assert.equal(n, 43);
  // OSV is the primary input: the mirror root (osv/, osv-esm/, vex/) gives the OSV updaters only.
  assert.deepEqual([...(await load({ kind: "dir", path: ROOT })).keys()], ["ubuntu", "ubuntu/esm"]);
  for (const a of all.advisories) {
    assert.equal(a.packageKind, "source");
    assert.equal(a.versionScheme, "dpkg");
    assert.match(a.namespace, /^ubuntu:\d{2}\.\d{2}(:esm)?$/);
  }
});

test("statuses: fixed at the published version, end of life, won't fix, not affected; pockets map to :esm; binaries and USNs", async () => {
  const all = (await load({ kind: "dir", path: join(ROOT, "vex") })).get("ubuntu/vex")!.advisories;
  const of = (id: string): string[] =>
    all
      .filter((a) => a.id === id)
      .map(row)
      .sort();
  assert.deepEqual(of("CVE-2023-38545"), [
    "CVE-2023-38545 ubuntu:14.04:esm curl not_affected -",
    "CVE-2023-38545 ubuntu:16.04 curl end_of_life -",
    "CVE-2023-38545 ubuntu:16.04:esm curl not_affected -",
    "CVE-2023-38545 ubuntu:18.04:esm curl not_affected -",
    "CVE-2023-38545 ubuntu:20.04:esm curl not_affected -",
    "CVE-2023-38545 ubuntu:22.04 curl fixed 7.81.0-1ubuntu1.24",
    "CVE-2023-38545 ubuntu:24.04 curl fixed 8.5.0-2ubuntu10.9",
  ]);
  const curl = all.find((a) => a.id === "CVE-2023-38545")!;
  assert.deepEqual(curl.aliases, ["USN-6429-1", "USN-6429-3"]);
  assert.ok(curl.links.includes("https://ubuntu.com/security/CVE-2023-38545"));
  const crypt = all.filter((a) => a.id === "CVE-2016-20013");
  assert.equal(crypt.filter((a) => a.status === "will_not_fix").length, 35, "'decided to not fix it' is ignored, whatever the notes after it say");
  assert.deepEqual(crypt.filter((a) => a.status === "not_affected").map(row), ["CVE-2016-20013 ubuntu:24.04 zabbix not_affected -"]);

  assert.equal(vexProduct("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=amd64&distro=jammy"), null);
  assert.equal(vexProduct("pkg:deb/ubuntu/linux@5.15.0-1?arch=source&distro=fips-updates/jammy"), null);
  assert.deepEqual(vexProduct("pkg:deb/ubuntu/glibc@2.23-0ubuntu11.3%2Besm9?arch=source&distro=esm-infra/xenial"), {
    name: "glibc",
    version: "2.23-0ubuntu11.3+esm9",
    namespace: "ubuntu:16.04:esm",
  });
  assert.equal(vexFixStatus({ status: "under_investigation" }), "affected");
  assert.equal(
    vexFixStatus({
      status: "affected",
      action_statement:
        "This package (for the given release) is vulnerable to the CVE, the problem is understood, but the Ubuntu Security Team decided to defer the fix.",
    }),
    "fix_deferred",
  );
  assert.equal(
    vexFixStatus({ status: "affected", action_statement: "This package (for the given release) is vulnerable to the CVE and needs fixing." }),
    "affected",
  );
  assert.equal(vexFixStatus({ status: "maybe" }), undefined);
});

test("cross-check with the OSV samples (CVE-2016-20013 is in both): the (package, release, fixed version) sets agree but for three trusty packages", async () => {
  const vex = (await load({ kind: "dir", path: join(ROOT, "vex") })).get("ubuntu/vex")!.advisories;
  const osv = (await load({ kind: "dir", path: ROOT })).get("ubuntu")!.advisories;
  const ids = (list: Advisory[]): Set<string> => new Set(list.map((a) => a.id));
  assert.deepEqual(
    [...ids(vex)].filter((id) => ids(osv).has(id)),
    ["CVE-2016-20013"],
    "CVE-2023-38545 is not among the OSV samples",
  );
  // Release without the pocket: Ubuntu files a package/release under Ubuntu:Pro in OSV, while VEX
  // names both the last standard-archive build and the ESM one (xenial glibc and zabbix), or the
  // other pocket (jammy zabbix: OSV Ubuntu:22.04, VEX esm-apps/jammy). The matcher asks both
  // namespaces, so an image sees the same thing either way.
  const key = (a: Advisory): string => `${a.namespace.replace(/:esm$/, "")} ${a.packageName} ${a.fixedVersion ?? "-"}`;
  const vulnerable = (list: Advisory[]): Set<string> => new Set(list.filter((a) => a.id === "CVE-2016-20013" && a.status !== "not_affected").map(key));
  const v = vulnerable(vex);
  const o = vulnerable(osv);
  assert.deepEqual(
    [...o].filter((k) => !v.has(k)),
    [],
    "everything OSV lists, VEX lists",
  );
  // VEX's trusty entries for dietlibc, sssd and syslinux-legacy are missing from the OSV record
  // (modified 2026-04-22; the VEX document is of 2026-05-20): the samples do not say why, so a
  // trusty image with those packages is reported by VEX only.
  assert.deepEqual([...v].filter((k) => !o.has(k)).sort(), ["ubuntu:14.04 dietlibc -", "ubuntu:14.04 sssd -", "ubuntu:14.04 syslinux-legacy -"]);
  // Neither has a fix. States differ by design: OSV carries no status words (open range =
  // affected), VEX says the team decided not to fix it (will_not_fix). zabbix on noble: VEX says
  // not_affected, OSV leaves it out — the same claim.
  assert.ok(osv.filter((a) => a.id === "CVE-2016-20013").every((a) => a.status === "affected"));
  assert.ok(!osv.some((a) => a.id === "CVE-2016-20013" && a.namespace === "ubuntu:24.04" && a.packageName === "zabbix"));
});

test("bad input: a truncated document is FEED_INVALID naming it; an unknown status or a non-VEX JSON is a problem", () => {
  const text = readFileSync(join(ROOT, "vex", "cve", "2023", "CVE-2023-38545.json"));
  assert.throws(
    () => [...parseVexBody(text.subarray(0, 700), "cut.json").advisories],
    (e) => isFatalError(e) && e.code === "FEED_INVALID" && /cut\.json/.test(e.message),
  );
  const doc = JSON.parse(text.toString("utf8")) as { statements: { status: string }[] };
  doc.statements[0]!.status = "maybe";
  const out = parseVexBody(Buffer.from(JSON.stringify(doc)), "edited.json");
  assert.equal([...out.advisories].length, 5);
  assert.match(JSON.stringify(out.problems), /edited\.json statements\[0\]: unknown status 'maybe'/);
  const other = parseVexBody(Buffer.from('{"id":"UBUNTU-CVE-1"}'), "osv.json");
  assert.equal([...other.advisories].length, 0);
  assert.equal(other.problems.length, 1);
});
