import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { FeedClient, FeedSource } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { isFatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { MEMORY_LAYER } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { bundleFiles } from "./bundle.js";
import { rhelMatcher } from "./matcher.js";
import { parseSecurityDataBody } from "./securitydata-updater.js";
import { rhelUpdaters } from "./updater.js";

const redhat = (...p: string[]): string => sharedPath("fixtures", "vulndata", "redhat", ...p);
const API = redhat("securitydata-api-cve");
const FULL_MIN = redhat("securitydata-api-cve-full-min");
const client = createFeedClient();
const row = (a: Advisory): string => [a.id, a.namespace, a.packageName, a.status, a.fixedVersion ?? "-"].join(" ");

async function load(source: FeedSource, c: FeedClient = client): Promise<{ id: string; advisories: Advisory[]; problems: unknown[] }> {
  const [u] = await rhelUpdaters(source, c);
  const got = await u!.fetch(null, c);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") return { id: u!.id, advisories: [], problems: [] };
  const out = u!.parse(got.body);
  return { id: u!.id, advisories: [...out.advisories], problems: out.problems };
}

test("every Security Data API sample loads through the rhel factory as updater rhel/securitydata, without problems", async () => {
  const api = await load({ kind: "dir", path: API });
  const fm = await load({ kind: "dir", path: FULL_MIN });
  assert.deepEqual([api.id, fm.id], ["rhel/securitydata", "rhel/securitydata"]);
  assert.deepEqual([api.problems, fm.problems], [[], []]);
  // Each file on its own too (the `file` route sniffs the content, CSAF or API).
  const files = [...readdirSync(API).map((n) => join(API, n)), ...readdirSync(join(FULL_MIN, "full")).map((n) => join(FULL_MIN, "full", n))];
  let ids = 0;
  for (const path of files) {
    const one = await load({ kind: "file", path });
    assert.equal(one.id, "rhel/securitydata", path);
    assert.deepEqual(one.problems, [], path);
    ids += new Set(one.advisories.map((a) => a.id)).size;
  }
  assert.equal(ids, 22, "every file yields its CVE");
  const statuses = (list: Advisory[]): Record<string, number> =>
    list.reduce<Record<string, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
  assert.deepEqual(statuses(fm.advisories), { fixed: 132, will_not_fix: 27, not_affected: 9, end_of_life: 26 });
  for (const a of [...api.advisories, ...fm.advisories]) {
    assert.match(a.namespace, /^rhel(-els|-eus|-aus|-e4s|-tus)?:\d+(\.\d+)?$/);
    assert.equal(a.packageKind, "source");
    assert.equal(a.status === "fixed", a.fixedVersion !== null);
  }
});

test("fix_state words map to explicit states; flatpaks, Satellite and SCL are dropped; module rpms keep the CSAF key", async () => {
  const { advisories } = await load({ kind: "dir", path: FULL_MIN });
  const of = (id: string): string[] =>
    advisories
      .filter((a) => a.id === id)
      .map(row)
      .sort();
  assert.deepEqual(of("CVE-2022-1921"), [
    "CVE-2022-1921 rhel:6 gstreamer-plugins-good end_of_life -",
    "CVE-2022-1921 rhel:7 gstreamer-plugins-good end_of_life -",
    "CVE-2022-1921 rhel:7 gstreamer1-plugins-good end_of_life -",
    "CVE-2022-1921 rhel:8 gstreamer1-plugins-good will_not_fix -",
    // RHEL 9's "Affected" entry is the libreoffice flatpak: no rpm in an image, no record.
    "CVE-2022-1921 rhel:9 gstreamer1-plugins-good fixed 1.18.4-6.el9",
  ]);
  assert.deepEqual(of("CVE-2019-25059").slice(0, 2), ["CVE-2019-25059 rhel:6 ghostscript not_affected -", "CVE-2019-25059 rhel:7 ghostscript not_affected -"]);
  assert.ok(of("CVE-2022-2309").includes("CVE-2022-2309 rhel:8 python39:3.9::python-lxml not_affected -"));
  assert.ok(!advisories.some((a) => /flatpak|satellite/i.test(a.packageName)));
  const webp = advisories.find((a) => a.id === "CVE-2023-4863" && a.packageName === "libwebp" && a.namespace === "rhel-eus:8.6")!;
  assert.deepEqual([webp.fixedVersion, webp.aliases, webp.severity, webp.vendorSeverity], ["1.0.0-7.el8_6.1", ["RHSA-2023:5189"], "high", "Important"]);
  assert.deepEqual(
    webp.cvss.map((c) => [c.version, c.score]),
    [["3.1", 9.6]],
  );
  assert.ok(webp.links.includes("https://access.redhat.com/errata/RHSA-2023:5189"));
  // A CVE without threat_severity keeps an unknown severity rather than a guessed one.
  assert.ok(advisories.filter((a) => a.id === "CVE-2023-5129").every((a) => a.severity === "unknown" && a.vendorSeverity === null));
});

test("the min/ index agrees with full/ (same fixed packages); an entry without its record, or a stale one, is a problem", async () => {
  for (const name of readdirSync(join(FULL_MIN, "min"))) {
    const min = JSON.parse(readFileSync(join(FULL_MIN, "min", name), "utf8")) as { CVE: string; affected_packages: string[] };
    const full = JSON.parse(readFileSync(join(FULL_MIN, "full", name), "utf8")) as { name: string; affected_release?: { package: string }[] | null };
    assert.equal(min.CVE, full.name);
    assert.deepEqual([...new Set(min.affected_packages)].sort(), [...new Set((full.affected_release ?? []).map((r) => r.package))].sort(), name);
  }
  const min = readFileSync(join(FULL_MIN, "min", "CVE-2022-1921"), "utf8");
  const full = readFileSync(join(FULL_MIN, "full", "CVE-2022-1922"), "utf8");
  const stale = JSON.stringify({
    ...(JSON.parse(readFileSync(join(FULL_MIN, "min", "CVE-2022-1922"), "utf8")) as object),
    affected_packages: ["gstreamer1-plugins-good-0:1.18.4-5.el9"],
  });
  const out = parseSecurityDataBody(
    bundleFiles([
      { path: "min/CVE-2022-1921", text: min },
      { path: "min/CVE-2022-1922", text: stale },
      { path: "full/CVE-2022-1922", text: full },
    ]),
  );
  // The index changes nothing in the records: the advisories are those of the full record alone.
  assert.deepEqual([...out.advisories].map(row), [...parseSecurityDataBody(Buffer.from(full), "x").advisories].map(row));
  assert.deepEqual(
    out.problems.map((p) => (p.kind === "bad-feed-record" ? p.detail : "")),
    [
      "min/CVE-2022-1921: CVE-2022-1921 is listed but its full record is missing",
      "min/CVE-2022-1922: CVE-2022-1922 lists other fixed packages than its full record (stale mirror?)",
    ],
  );
});

test("cross-check with the CSAF samples: same (package, fixed version, stream) where both speak; the differences are explained", async () => {
  const csaf = await load({ kind: "dir", path: redhat("csaf-advisories") });
  const api = await load({ kind: "dir", path: API });
  const fixes = (list: Advisory[], id: string): Set<string> =>
    new Set(list.filter((a) => a.id === id && a.status === "fixed").map((a) => `${a.namespace} ${a.packageName} ${a.fixedVersion} ${a.aliases.join()}`));
  // CVE-2024-8088: both RHSAs (9.4 z-stream and 9.5 GA builds) are in both sources: identical.
  assert.deepEqual(fixes(api.advisories, "CVE-2024-8088"), fixes(csaf.advisories, "CVE-2024-8088"));
  assert.equal(fixes(api.advisories, "CVE-2024-8088").size, 2);

  // CVE-2021-25220: the CSAF samples hold one of its RHSAs (RHSA-2025:23414, RHEL 6 ELS).
  const csafRows = csaf.advisories.filter((a) => a.id === "CVE-2021-25220");
  const apiRows = api.advisories.filter((a) => a.id === "CVE-2021-25220");
  const els = (list: Advisory[]): string[] => [
    ...new Set(list.filter((a) => a.namespace === "rhel-els:6" && a.status === "fixed").map((a) => `${a.fixedVersion} ${a.aliases.join()}`)),
  ];
  assert.deepEqual(els(apiRows), els(csafRows));
  assert.deepEqual(els(apiRows), ["32:9.8.2-0.68.rc1.el6_10.17 RHSA-2025:23414"]);
  // Difference 1: that RHSA marks the bind *src* rpm known_not_affected while fixing every
  // binary, so CSAF yields binary records (bind, bind-libs, …); the API names the source bind.
  assert.deepEqual(
    csafRows
      .filter((a) => a.status === "fixed")
      .map((a) => `${a.packageKind} ${a.packageName}`)
      .sort(),
    ["binary bind", "binary bind-libs", "binary bind-sdb", "binary bind-utils"],
  );
  assert.deepEqual(
    apiRows.filter((a) => a.namespace === "rhel-els:6").map((a) => `${a.packageKind} ${a.packageName} ${a.status}`),
    ["source bind fixed"],
  );
  // Difference 2: the API aggregates every RHSA for the CVE; the other 13 fixes come from RHSAs
  // that are not among the CSAF samples.
  const sampled = new Set(csaf.advisories.flatMap((a) => a.aliases));
  const others = apiRows.filter((a) => a.namespace !== "rhel-els:6");
  assert.equal(others.length, 13);
  assert.ok(others.every((a) => a.aliases.length === 1 && !sampled.has(a.aliases[0]!)));

  // Through the matcher both sources give the same finding for an ELS 6 bind-libs one build behind.
  const pkg: Package = {
    name: "bind-libs",
    version: "32:9.8.2-0.68.rc1.el6_10.16",
    type: "rpm",
    arch: "x86_64",
    source: { name: "bind", version: "32:9.8.2-0.68.rc1.el6_10.16" },
    purl: "pkg:rpm/centos/bind-libs",
    layer: MEMORY_LAYER,
    foundIn: "x",
  };
  const dist = { id: "centos", versionId: "6.10", codename: null, prettyName: null };
  const found = (list: Advisory[]): string[] => {
    const qs = rhelMatcher.queries(pkg, dist);
    return [
      ...new Set(
        list
          .filter(
            (a) =>
              a.id === "CVE-2021-25220" &&
              qs.some((q) => q.namespace === a.namespace && q.packageName === a.packageName && q.packageKind === a.packageKind) &&
              rhelMatcher.isAffected(pkg, a),
          )
          .map((a) => `${a.namespace} ${a.fixedVersion}`),
      ),
    ];
  };
  assert.deepEqual(found(api.advisories), found(csaf.advisories));
  assert.deepEqual(found(api.advisories), ["rhel-els:6 32:9.8.2-0.68.rc1.el6_10.17"]);
});

test("routing and bad input: list endpoint pages then fetches each resource_url; modular fixes skipped; unknown states reported; truncation fatal", async () => {
  const base = "https://access.redhat.com/hydra/rest/securitydata/";
  const served = new Map<string, string>([
    [`${base}cve.json?after=2024-01-01&per_page=1000&page=1`, JSON.stringify([{ CVE: "CVE-2024-8088", resource_url: `${base}cve/CVE-2024-8088.json` }])],
    [`${base}cve/CVE-2024-8088.json`, readFileSync(join(API, "cve-2024-8088.json"), "utf8")],
  ]);
  const asked: string[] = [];
  // A stand-in for the HTTP client: the paging, not the network, is under test.
  const fake: FeedClient = {
    listDir: async () => [],
    get: async (loc) => {
      asked.push(loc);
      const body = served.get(loc);
      if (body === undefined) throw new Error(`not served: ${loc}`);
      return { status: "changed", body: Buffer.from(body), fingerprint: "x" };
    },
  };
  const listed = await load({ kind: "url", url: `${base}cve.json?after=2024-01-01` }, fake);
  assert.equal(listed.id, "rhel/securitydata");
  assert.deepEqual(listed.advisories.map(row).sort(), [
    "CVE-2024-8088 rhel:9 python3.9 fixed 3.9.18-3.el9_4.5",
    "CVE-2024-8088 rhel:9 python3.9 fixed 3.9.19-8.el9",
  ]);
  assert.equal(asked.length, 2);
  const [csafFile] = await rhelUpdaters({ kind: "file", path: redhat("csaf-advisories", "2024", "rhsa-2024_6163.json") }, client);
  assert.equal(csafFile!.id, "rhel");

  const doc = JSON.parse(readFileSync(join(API, "cve-2024-8088.json"), "utf8")) as Record<string, unknown>;
  doc["affected_release"] = [
    { cpe: "cpe:/a:redhat:enterprise_linux:8", package: "ruby-0:2.7.8-139.module+el8.8.0+18745+f1bef313", advisory: "RHSA-2023:0001" },
  ];
  doc["package_state"] = [
    { cpe: "cpe:/o:redhat:enterprise_linux:8", package_name: "python3", fix_state: "Fix deferred" },
    { cpe: "cpe:/o:redhat:enterprise_linux:8", package_name: "x", fix_state: "Pending" },
    { cpe: "cpe:/o:redhat:enterprise_linux:8", package_name: "y", fix_state: "Under investigation" },
  ];
  const out = parseSecurityDataBody(Buffer.from(JSON.stringify(doc)), "edited.json");
  assert.deepEqual([...out.advisories].map(row), ["CVE-2024-8088 rhel:8 python3 fix_deferred -"]);
  assert.equal(out.problems.length, 1);
  assert.match(JSON.stringify(out.problems[0]), /edited\.json: unknown fix_state 'Pending'/);
  const text = readFileSync(join(API, "cve-2021-25220.json"));
  assert.throws(
    () => parseSecurityDataBody(text.subarray(0, 900), "cut.json"),
    (e) => isFatalError(e) && e.code === "FEED_INVALID" && /cut\.json/.test(e.message),
  );
});
