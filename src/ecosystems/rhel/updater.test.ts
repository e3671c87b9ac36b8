import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { compress } from "zstd-napi";
import tarStream from "tar-stream";
import type { FeedClient } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { isFatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { sharedPath } from "../../../test/support/shared.js";
import { filesOfTarZst } from "./bundle.js";
import { parseCsafBody, rhelUpdaters } from "./updater.js";

const csaf = (...p: string[]): string => sharedPath("fixtures", "vulndata", "redhat", "csaf-advisories", ...p);
const client = createFeedClient();
const row = (a: Advisory): string => [a.id, a.namespace, a.packageKind, a.packageName, a.status, a.fixedVersion ?? "-"].join(" ");

async function loadAll(path: string, kind: "dir" | "file"): Promise<Advisory[]> {
  const [u] = await rhelUpdaters(kind === "dir" ? { kind, path } : { kind, path }, client);
  const got = await u!.fetch(null, client);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") return [];
  const out = u!.parse(got.body);
  const list = [...out.advisories];
  assert.deepEqual(out.problems, []);
  return list;
}

test("dir: every CSAF sample loads; streams map to namespaces, src rpms to source records", async () => {
  const all = await loadAll(csaf(), "dir");
  const sudo = all
    .filter((a) => a.id === "CVE-2023-28486")
    .map(row)
    .sort();
  // RHSA-2024:0811 ships sudo to six streams: main 8 and 9 and four EUS minors, each its own fix.
  assert.deepEqual(sudo, [
    "CVE-2023-28486 rhel-eus:8.6 source sudo fixed 1.9.5p2-1.el8_6",
    "CVE-2023-28486 rhel-eus:8.8 source sudo fixed 1.9.5p2-1.el8_8",
    "CVE-2023-28486 rhel-eus:9.0 source sudo fixed 1.9.5p2-7.el9_0.4",
    "CVE-2023-28486 rhel-eus:9.2 source sudo fixed 1.9.5p2-9.el9_2.2",
    "CVE-2023-28486 rhel:8 source sudo fixed 1.9.5p2-1.el8_9",
    "CVE-2023-28486 rhel:9 source sudo fixed 1.9.5p2-10.el9_3",
  ]);
  const tiger = all.find((a) => a.id === "CVE-2023-6377")!;
  assert.deepEqual(
    [row(tiger), tiger.aliases, tiger.severity, tiger.vendorSeverity],
    ["CVE-2023-6377 rhel:9 source tigervnc fixed 1.13.1-3.el9_3.3", ["RHSA-2024:0010"], "high", "Important"],
  );
  assert.deepEqual(
    tiger.cvss.map((c) => [c.version, c.score]),
    [["3.1", 7.8]],
  );
  assert.ok(tiger.links.includes("https://access.redhat.com/errata/RHSA-2024:0010"));
  // The same CVE fixed in two RHSAs for RHEL 9 (9.4 EUS-era build and the 9.5 GA build).
  assert.deepEqual(
    all
      .filter((a) => a.id === "CVE-2024-8088")
      .map(row)
      .sort(),
    ["CVE-2024-8088 rhel:9 source python3.9 fixed 3.9.18-3.el9_4.5", "CVE-2024-8088 rhel:9 source python3.9 fixed 3.9.19-8.el9"],
  );
});

test("modular RHSAs are keyed module:stream::name, one stream per advisory", async () => {
  const all = await loadAll(csaf(), "dir");
  const ruby = all
    .filter((a) => a.id === "CVE-2023-28755" && a.packageName.endsWith("::ruby"))
    .map(row)
    .sort();
  assert.deepEqual(ruby, [
    "CVE-2023-28755 rhel:8 source ruby:2.5::ruby fixed 2.5.9-111.module+el8.9.0+19193+435404ae",
    "CVE-2023-28755 rhel:8 source ruby:2.7::ruby fixed 2.7.8-139.module+el8.8.0+18745+f1bef313",
    "CVE-2023-28755 rhel:8 source ruby:3.1::ruby fixed 3.1.4-142.module+el8.9.0+21471+7d1e4a35",
  ]);
  assert.equal(all.filter((a) => a.packageName === "ruby").length, 0, "no non-modular ruby record exists");
});

test("known_not_affected maps to not_affected; binaries stand alone when their src rpm is marked not affected (RHSA-2025:23414, RHEL 6 ELS)", async () => {
  const bind = await loadAll(csaf("2025", "rhsa-2025_23414.json"), "file");
  const rows = bind
    .filter((a) => a.id === "CVE-2025-40778")
    .map(row)
    .sort();
  assert.ok(rows.includes("CVE-2025-40778 rhel-els:6 binary bind fixed 32:9.8.2-0.68.rc1.el6_10.17"));
  assert.ok(rows.includes("CVE-2025-40778 rhel-els:6 binary bind-libs fixed 32:9.8.2-0.68.rc1.el6_10.17"));
  assert.ok(rows.includes("CVE-2025-40778 rhel-els:6 source bind not_affected -"));
  assert.ok(rows.includes("CVE-2025-40778 rhel-els:6 binary bind-devel not_affected -"));
  assert.equal(bind.find((a) => a.id === "CVE-2025-40778")?.severity, "high");
  assert.equal(bind.find((a) => a.id === "CVE-2021-25220")?.severity, "medium");
});

test("dir mirror honours deletions.csv (server-2024 layout with changes.csv/deletions.csv)", async () => {
  const all = await loadAll(csaf("server-2024"), "dir");
  assert.deepEqual([...new Set(all.map((a) => a.aliases[0]))], ["RHSA-2024:0010"]);
  assert.equal(all.length, 3);
});

test("VEX known_affected statuses come from the remediation: no_fix_planned, none_available, Out of support scope", () => {
  const doc = JSON.parse(readFileSync(csaf("2024", "rhsa-2024_6163.json"), "utf8")) as {
    vulnerabilities: Record<string, unknown>[];
    product_tree: { relationships: { full_product_name: { product_id: string } }[] };
  };
  const [app, base, crb] = doc.product_tree.relationships.map((r) => r.full_product_name.product_id);
  const v = doc.vulnerabilities[0]!;
  v["product_status"] = { known_affected: [app, base], known_not_affected: [crb] };
  v["remediations"] = [
    { category: "no_fix_planned", details: "Will not fix", product_ids: [app] },
    { category: "none_available", details: "Deferred", product_ids: [base] },
  ];
  const bad = { cve: 42, product_status: "nope" };
  doc.vulnerabilities.push(bad);
  const out = parseCsafBody(Buffer.from(JSON.stringify(doc)), "edited.json");
  const got = [...out.advisories].map(row);
  // Three repositories of one stream fold into rhel:9; the most actionable state wins.
  assert.deepEqual(got, ["CVE-2024-8088 rhel:9 source python3.9 fix_deferred -"]);
  assert.equal(out.problems.length, 1);
  assert.match(JSON.stringify(out.problems[0]), /edited\.json vulnerabilities\[1\]/);
});

test("a truncated CSAF file is FEED_INVALID naming the file; a non-CSAF JSON too", () => {
  const text = readFileSync(csaf("rhsa-2024_0811.json"));
  assert.throws(
    () => parseCsafBody(text.subarray(0, 5000), "cut.json"),
    (e) => isFatalError(e) && e.code === "FEED_INVALID" && /cut\.json/.test(e.message),
  );
  assert.throws(
    () => parseCsafBody(Buffer.from('{"hello":1}'), "x.json"),
    (e) => isFatalError(e) && e.code === "FEED_INVALID",
  );
});

test("upstream layout: archive_latest.txt → .tar.zst, then newer changes.csv entries and deletions.csv, served by a URL mirror", async () => {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => {
    if (Buffer.isBuffer(c)) chunks.push(c);
  });
  pack.entry({ name: "2024/rhsa-2024_0010.json" }, readFileSync(csaf("server-2024", "rhsa-2024_0010.json")));
  pack.entry({ name: "2023/rhsa-2023_3821.json" }, readFileSync(csaf("rhsa-2023_3821.json")));
  pack.finalize();
  await new Promise<void>((r) => pack.on("end", () => r()));
  const archive = compress(Buffer.concat(chunks));
  assert.equal((await filesOfTarZst(archive, "a.tar.zst")).length, 2);
  const served: Record<string, Buffer> = {
    "archive_latest.txt": Buffer.from("csaf_vex_2025-01-01.tar.zst\n"),
    "csaf_vex_2025-01-01.tar.zst": archive,
    "changes.csv": Buffer.from('"2024/rhsa-2024_9371.json","2025-02-01T00:00:00+00:00"\n"2024/rhsa-2024_0010.json","2024-12-01T00:00:00+00:00"\n'),
    "deletions.csv": Buffer.from('"2023/rhsa-2023_3821.json","2025-02-02T00:00:00+00:00"\n'),
    "2024/rhsa-2024_9371.json": readFileSync(csaf("2024", "rhsa-2024_9371.json")),
  };
  const fetched: string[] = [];
  // A stand-in for the HTTP client: the layout, not the network, is under test here.
  const fake: FeedClient = {
    listDir: async () => [],
    get: async (loc) => {
      const key = loc.replace("https://mirror.example/vex/", "");
      fetched.push(key);
      const body = served[key];
      if (!body) throw new Error(`not served: ${key}`);
      return { status: "changed", body, fingerprint: "x" };
    },
  };
  const [u] = await rhelUpdaters({ kind: "url", url: "https://mirror.example/vex" }, fake);
  const got = await u!.fetch(null, fake);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") return;
  const ids = new Set([...u!.parse(got.body).advisories].map((a) => a.aliases[0]));
  assert.deepEqual([...ids].sort(), ["RHSA-2024:0010", "RHSA-2024:9371"]);
  assert.ok(!fetched.includes("2024/rhsa-2024_0010.json"), "a change older than the archive is not refetched");
  const again = await u!.fetch(got.fingerprint, fake);
  assert.equal(again.status, "unchanged");
});
