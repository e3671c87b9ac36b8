import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { FeedClient } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { isAffectedByRange, osvToAdvisories, parseOsvBody, parseOsvRecord, type OsvMappingOptions } from "./index.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";

const GO_DIR = sharedPath("fixtures/vulndata/osv/go");
const GO: OsvMappingOptions = { namespaceOf: (e) => (e === "Go" ? "osv:Go" : undefined), versionScheme: "go-semver", updater: "osv/go" };
const NPM: OsvMappingOptions = { namespaceOf: (e) => (e === "npm" ? "osv:npm" : undefined), versionScheme: "npm-semver", updater: "osv/npm" };

/** Dotted-number order, pre-release suffix dropped: enough to exercise the interval logic without a real scheme. */
function dotted(a: string, b: string): number {
  const x = a.split("-")[0]!.split(".").map(Number);
  const y = b.split("-")[0]!.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function record(file: string) {
  const parsed = parseOsvRecord(JSON.parse(readFileSync(join(GO_DIR, file), "utf8")));
  assert.ok(parsed.ok);
  return parsed.record;
}

// A real-FS client like the updater engine's, enough for `dir` and `file` sources.
const fsClient: FeedClient = {
  async get(location) {
    const body = readFileSync(location);
    return { status: "changed", body, fingerprint: String(body.length) };
  },
  async listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
};

async function loadAll(body: Buffer): Promise<{ advisories: Advisory[]; problems: Problem[] }> {
  const out = parseOsvBody(body, GO);
  return { advisories: [...out.advisories], problems: out.problems };
}

test("GO-2020-0001: one SEMVER interval from the beginning to 1.6.0, with aliases and links", () => {
  const [a, ...rest] = osvToAdvisories(record("GO-2020-0001.json"), GO);
  assert.equal(rest.length, 0);
  assert.deepEqual(
    {
      id: a?.id,
      ns: a?.namespace,
      name: a?.packageName,
      kind: a?.packageKind,
      scheme: a?.versionScheme,
      status: a?.status,
      intro: a?.introducedVersion,
      fixed: a?.fixedVersion,
      last: a?.lastAffectedVersion,
    },
    {
      id: "GO-2020-0001",
      ns: "osv:Go",
      name: "github.com/gin-gonic/gin",
      kind: "binary",
      scheme: "go-semver",
      status: "fixed",
      intro: null,
      fixed: "1.6.0",
      last: null,
    },
  );
  assert.deepEqual(a?.aliases, ["CVE-2020-36567", "GHSA-6vm3-jj99-7229"]);
  assert.ok(a?.links.includes("https://github.com/gin-gonic/gin/pull/2237"));
  assert.equal(a?.severity, "unknown");
});

test("GO-2023-1987: three stdlib intervals, each its own advisory, pre-release bounds kept as written", () => {
  const got = osvToAdvisories(record("GO-2023-1987.json"), GO).map((a) => [a.packageName, a.introducedVersion, a.fixedVersion]);
  assert.deepEqual(got, [
    ["stdlib", null, "1.19.12"],
    ["stdlib", "1.20.0-0", "1.20.7"],
    ["stdlib", "1.21.0-0", "1.21.0-rc.4"],
  ]);
});

test("withdrawn records map to nothing", () => {
  assert.deepEqual(osvToAdvisories(record("GO-2024-2730.json"), GO), []);
  assert.deepEqual(osvToAdvisories(record("GO-2025-3543.json"), GO), []);
});

test("the whole osv/go mirror directory: 466 live records, 815 intervals, no problems", async () => {
  // 468 files, 2 withdrawn; 815 = the ECOSYSTEM/SEMVER intervals counted by a separate Python script.
  const [updater, ...more] = await osvUpdaterFactory({
    ...GO,
    id: "osv/go",
    osvEcosystem: "Go",
    upstreamZipUrl: "https://osv-vulnerabilities.storage.googleapis.com/Go/all.zip",
    ecosystemDir: "go",
  })({ kind: "dir", path: join(GO_DIR, "..") }, fsClient);
  assert.equal(more.length, 0);
  const fetched = await updater!.fetch(null, fsClient);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return;
  const { advisories, problems } = await loadAll(fetched.body);
  assert.deepEqual(problems, []);
  assert.equal(advisories.length, 815);
  assert.equal(new Set(advisories.map((a) => a.id)).size, 466);
  assert.ok(advisories.every((a) => a.namespace === "osv:Go" && a.updater === "osv/go"));
  assert.equal((await updater!.fetch(fetched.fingerprint, fsClient)).status, "unchanged");
});

test("an all.zip built from the fixtures loads the same set; a cut-off zip is FEED_INVALID", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "claro-osv-zip-")), "all.zip");
  execFileSync("zip", ["-q", "-r", "-j", out, "."], { cwd: GO_DIR });
  const zip = readFileSync(out);
  const fromZip = await loadAll(zip);
  assert.equal(fromZip.advisories.length, 815);
  const [updater] = await osvUpdaterFactory({ ...GO, id: "osv/go", osvEcosystem: "Go", upstreamZipUrl: "unused" })({ kind: "file", path: out }, fsClient);
  const fetched = await updater!.fetch(null, fsClient);
  assert.ok(fetched.status === "changed");
  assert.equal([...updater!.parse(fetched.body).advisories].length, 815);
  assert.throws(
    () => [...parseOsvBody(zip.subarray(0, zip.length - 100), GO).advisories],
    (e: unknown) => e instanceof FatalError && e.code === "FEED_INVALID",
  );
});

test("a truncated JSON file is FEED_INVALID; a record that fails the schema is a problem", () => {
  const text = readFileSync(join(GO_DIR, "GO-2020-0001.json"));
  assert.throws(
    () => [...parseOsvBody(text.subarray(0, 200), GO).advisories],
    (e: unknown) => e instanceof FatalError && e.code === "FEED_INVALID",
  );
  const bad = parseOsvBody(Buffer.from(JSON.stringify({ id: "GO-X", affected: [{ package: { ecosystem: "Go" } }] })), GO);
  assert.deepEqual([...bad.advisories], []);
  assert.equal(bad.problems.length, 1);
});

test("url sources: a .zip as-is, a base resolved like the OSV.dev bucket", async () => {
  const factory = osvUpdaterFactory({ ...GO, id: "osv/go", osvEcosystem: "Go", upstreamZipUrl: "https://up.invalid/Go/all.zip" });
  const seen: string[] = [];
  const client: FeedClient = { ...fsClient, get: async (loc) => (seen.push(loc), { status: "unchanged" }) };
  for (const url of ["https://m.invalid/osv", "https://m.invalid/osv/", "https://m.invalid/x.zip"])
    await (await factory({ kind: "url", url }, client))[0]!.fetch(null, client);
  await (await factory({ kind: "upstream" }, client))[0]!.fetch(null, client);
  assert.deepEqual(seen, ["https://m.invalid/osv/Go/all.zip", "https://m.invalid/osv/Go/all.zip", "https://m.invalid/x.zip", "https://up.invalid/Go/all.zip"]);
});

test("self-made GHSA-style sample: last_affected, versions[] fallback, GIT skipped, GHSA severity, CVSS vectors", () => {
  const out = parseOsvBody(readFileSync(new URL("./testdata/ghsa-sample.json", import.meta.url)), NPM);
  const advisories = [...out.advisories];
  assert.deepEqual(
    advisories.map((a) => [a.packageName, a.status, a.introducedVersion, a.fixedVersion, a.lastAffectedVersion]),
    [
      ["left-pad", "affected", "1.0.0", null, "1.3.0"],
      ["right-pad", "affected", "2.0.0", null, "2.0.0"],
      ["right-pad", "affected", "2.0.1", null, "2.0.1"],
    ],
  );
  const a = advisories[0]!;
  assert.equal(a.severity, "medium");
  assert.equal(a.vendorSeverity, "MODERATE");
  assert.deepEqual(
    a.cvss.map((c) => c.version),
    ["3.1", "4.0"],
  );
  assert.deepEqual(a.aliases, ["CVE-2099-0001"]);
  // Two GIT ranges skipped, mid-pad left with nothing, and the second record fails the schema.
  assert.equal(out.problems.length, 4, JSON.stringify(out.problems));
  assert.ok(out.problems.some((p) => p.kind === "bad-feed-record" && p.detail.includes("mid-pad") && p.detail.includes("no usable range")));
  assert.equal(out.problems.filter((p) => p.kind === "bad-feed-record" && p.detail.includes("GIT range skipped")).length, 2);

  assert.equal(isAffectedByRange("0.9.0", a, dotted), false);
  assert.equal(isAffectedByRange("1.0.0", a, dotted), true);
  assert.equal(isAffectedByRange("1.3.0", a, dotted), true);
  assert.equal(isAffectedByRange("1.3.1", a, dotted), false);
  assert.equal(isAffectedByRange("2.0.1", advisories[2]!, dotted), true);
  assert.equal(isAffectedByRange("2.0.2", advisories[2]!, dotted), false);
});

test("isAffectedByRange: fixed bound is exclusive, introduced inclusive, not_affected never", () => {
  const [a] = osvToAdvisories(record("GO-2021-0067.json"), GO);
  assert.ok(a);
  assert.equal(isAffectedByRange("1.15.9", a, dotted), false);
  assert.equal(isAffectedByRange("1.16.0", a, dotted), true);
  assert.equal(isAffectedByRange("1.16.1", a, dotted), false);
  assert.equal(isAffectedByRange("1.16.0", { ...a, status: "not_affected" }, dotted), false);
});
