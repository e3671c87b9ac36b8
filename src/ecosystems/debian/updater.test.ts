import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { FeedClient, FetchOutcome } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { isFatalError } from "../../core/problem.js";
import { compareDpkgVersions } from "../../formats/dpkg/version.js";
import { sharedPath } from "../../../test/support/shared.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { DEBIAN_TRACKER_URL, debianUpdaters, parseDebianFeed, parseDebianSlices } from "./updater.js";

const DERIVED = sharedPath("fixtures/vulndata/debian/derived-bookworm/data.json");
const VUNNEL = sharedPath("fixtures/vulndata/debian");

function parseAll(body: Buffer): { advisories: Advisory[]; problems: readonly unknown[] } {
  const out = parseDebianFeed(body);
  return { advisories: [...out.advisories], problems: out.problems };
}

test("derived bookworm feed: every (source, CVE) becomes one fixed debian:12 advisory", () => {
  const raw = readFileSync(DERIVED);
  const json = JSON.parse(raw.toString("utf8")) as Record<string, Record<string, unknown>>;
  const entries = Object.values(json).reduce((n, cves) => n + Object.keys(cves).length, 0);
  const { advisories, problems } = parseAll(raw);
  assert.deepEqual(problems, []);
  assert.equal(entries, 430, "the README counts 430 (source, CVE) entries");
  assert.equal(advisories.length, entries);
  assert.ok(advisories.every((a) => a.namespace === "debian:12" && a.status === "fixed" && a.packageKind === "source" && a.versionScheme === "dpkg"));
  const bySev = new Map<string, number>();
  for (const a of advisories) bySev.set(a.severity, (bySev.get(a.severity) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(bySev), { low: 15, medium: 290, high: 124, critical: 1 }, "README: urgency medium 290, high 124, low 15, critical 1");

  // Spot checks: the fixes from bookworm-security named in shared/images/README.md.
  const fixed = (pkg: string): string[] => [...new Set(advisories.filter((a) => a.packageName === pkg).map((a) => a.fixedVersion ?? ""))];
  const wantFromJson = (pkg: string): string[] => [
    ...new Set(Object.values(json[pkg] ?? {}).map((c) => (c as { releases: { bookworm: { fixed_version: string } } }).releases.bookworm.fixed_version)),
  ];
  for (const pkg of ["openssl", "expat", "python3.11"]) {
    assert.ok(fixed(pkg).length > 0, pkg);
    assert.deepEqual(fixed(pkg).sort(), wantFromJson(pkg).sort(), pkg);
  }
  // The installed versions in bookworm-multilayer (shared/images/README.md) must have newer fixes.
  const newer = (pkg: string, installed: string): number =>
    advisories.filter((a) => a.packageName === pkg && compareDpkgVersions(installed, a.fixedVersion ?? "0") < 0).length;
  assert.ok(newer("openssl", "3.0.20-1~deb12u2") >= 1);
  assert.ok(newer("expat", "2.5.0-1+deb12u2") >= 3, "deb12u3, u4 and u5 fixes");
  assert.ok(newer("python3.11", "3.11.2-6+deb12u8") >= 1);
  assert.deepEqual([advisories.filter((a) => a.packageName === "openssl").length, advisories.filter((a) => a.packageName === "expat").length], [84, 52]);
  const one = advisories.find((a) => a.packageName === "apt" && a.id === "CVE-2020-3810");
  assert.deepEqual(one, {
    id: "CVE-2020-3810",
    aliases: [],
    namespace: "debian:12",
    packageName: "apt",
    packageKind: "source",
    versionScheme: "dpkg",
    status: "fixed",
    fixedVersion: "2.1.2",
    introducedVersion: null,
    severity: "critical",
    vendorSeverity: "critical",
    cvss: [],
    description: "- CVE-2020-3810",
    links: ["https://security-tracker.debian.org/tracker/CVE-2020-3810"],
    updater: "debian",
  });
});

interface VunnelRecord {
  identifier: string;
  item: { Vulnerability: { Name: string; NamespaceName: string; Severity: string; FixedIn: { Name: string; Version: string }[] } };
}

test("vunnel sample: fix states and versions line up with vunnel's expected output", () => {
  const { advisories, problems } = parseAll(readFileSync(join(VUNNEL, "vunnel-input/debian.json")));
  assert.deepEqual(problems, [], "`releases: []` (chromium-browser) is an empty map, not a bad record");
  const ours = new Map(advisories.map((a) => [`${a.namespace}/${a.id.toLowerCase()}/${a.packageName}`, a]));
  let compared = 0;
  for (const ns of readdirSync(join(VUNNEL, "vunnel-expected"))) {
    for (const file of readdirSync(join(VUNNEL, "vunnel-expected", ns))) {
      const rec = JSON.parse(readFileSync(join(VUNNEL, "vunnel-expected", ns, file), "utf8")) as VunnelRecord;
      for (const fix of rec.item.Vulnerability.FixedIn) {
        const a = ours.get(`${ns}/${rec.item.Vulnerability.Name.toLowerCase()}/${fix.Name}`);
        // Records vunnel took from its DSA list or the legacy debian-7 DB are not in debian.json.
        if (!a) continue;
        compared++;
        if (fix.Version === "0") assert.equal(a.status, "not_affected", rec.identifier);
        else if (fix.Version === "None") {
          // vunnel writes "None" for every unfixed state; we keep the finer reason (here: EOL release).
          assert.ok(["affected", "end_of_life", "will_not_fix", "fix_deferred"].includes(a.status), rec.identifier);
          assert.equal(a.fixedVersion, null);
        } else {
          assert.equal(a.status, "fixed", rec.identifier);
          assert.equal(a.fixedVersion, fix.Version, rec.identifier);
        }
        // vunnel's severity is one per CVE (the highest over releases, "Unknown" for not-yet-assigned);
        // ours is per release urgency. Compare where the urgency is assigned.
        if (a.severity !== "unknown") assert.equal(a.severity, rec.item.Vulnerability.Severity.toLowerCase(), rec.identifier);
      }
    }
  }
  assert.ok(compared >= 20, `compared only ${compared}`);
  const eol = ours.get("debian:9/cve-2022-0456/chromium");
  assert.equal(eol?.status, "end_of_life");
  assert.equal(ours.get("debian:unstable/cve-2025-53603/sope")?.fixedVersion, "5.12.1-2");
  assert.equal(ours.get("debian:13/cve-2025-53603/sope")?.fixedVersion, "5.12.1-2");
});

test("notes and states map to fix statuses; bad records are problems; unknown codenames reported once", () => {
  const rel = (r: object): object => ({ description: "d", releases: { bookworm: { repositories: { bookworm: "1.0-1" }, urgency: "low", ...r } } });
  const feed = {
    pkg: {
      "CVE-1": rel({ status: "open", nodsa: "Minor issue" }),
      "CVE-2": rel({ status: "open", nodsa: "Minor issue", nodsa_reason: "ignored" }),
      "CVE-3": rel({ status: "open", nodsa: "x", nodsa_reason: "postponed" }),
      "CVE-4": rel({ status: "undetermined", urgency: "not yet assigned" }),
      "CVE-5": rel({ status: "resolved", fixed_version: "0", urgency: "unimportant" }),
      "CVE-6": rel({ status: "resolved", fixed_version: "1.0-2", urgency: "medium**" }),
      "CVE-7": { description: 42, releases: {} },
      "CVE-8": rel({ status: "weird" }),
      "CVE-9": { releases: { duke2: { status: "open" }, bookworm: { status: "open", urgency: "high**" } } },
      "CVE-10": { releases: { duke2: { status: "open" } } },
    },
    broken: "not an object",
  };
  const { advisories, problems } = parseAll(Buffer.from(JSON.stringify(feed)));
  assert.deepEqual(
    advisories.map((a) => [a.id, a.status, a.fixedVersion, a.severity, a.vendorSeverity]),
    [
      ["CVE-1", "affected", null, "low", "low"],
      ["CVE-2", "will_not_fix", null, "low", "low"],
      ["CVE-3", "fix_deferred", null, "low", "low"],
      ["CVE-4", "affected", null, "unknown", "not yet assigned"],
      ["CVE-5", "not_affected", null, "negligible", "unimportant"],
      ["CVE-6", "fixed", "1.0-2", "medium", "medium**"],
      ["CVE-9", "affected", null, "high", "high**"],
    ],
  );
  assert.equal(problems.length, 4, JSON.stringify(problems));
});

test("a truncated feed is FEED_INVALID", () => {
  const raw = readFileSync(DERIVED);
  const truncated = raw.subarray(0, Math.floor(raw.length / 2));
  // The parse is streamed, so the error comes from the iteration (inside the store's transaction).
  const invalid = (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID";
  assert.throws(() => [...parseDebianFeed(truncated).advisories], invalid);
  assert.throws(() => [...parseDebianFeed(Buffer.from("[1,2]")).advisories], invalid);
  assert.throws(() => [...parseDebianFeed(Buffer.from("")).advisories], invalid);
  assert.throws(() => [...parseDebianFeed(Buffer.from('{"a": {}} {"b": {}}')).advisories], invalid);
});

test("the streamed parse does not depend on where the slices break", () => {
  const raw = readFileSync(DERIVED);
  const whole = parseAll(raw);
  // 7-byte slices cut every token, multi-byte character and escape somewhere.
  const tiny = function* (): Generator<Uint8Array> {
    for (let i = 0; i < raw.length; i += 7) yield raw.subarray(i, i + 7);
  };
  const sliced = parseDebianSlices(tiny());
  assert.deepEqual([...sliced.advisories], whole.advisories);
  assert.deepEqual(sliced.problems, whole.problems);
  assert.equal(whole.advisories.length, 430);
});

test("a local feed is hashed and parsed from disk: the feed client's fingerprint, unchanged on the second run", async () => {
  const client = createFeedClient();
  const [updater] = await debianUpdaters({ kind: "file", path: DERIVED }, client);
  const fromClient = await client.get(DERIVED, null);
  assert.equal(fromClient.status, "changed");
  const first = await updater!.fetchParsed!(null, client);
  assert.equal(first.status, "changed");
  if (first.status !== "changed" || fromClient.status !== "changed") return;
  assert.equal(first.fingerprint, fromClient.fingerprint, "a database written by the buffered updater stays unchanged");
  assert.deepEqual([...first.parsed.advisories], parseAll(readFileSync(DERIVED)).advisories);
  assert.deepEqual(await updater!.fetchParsed!(first.fingerprint, client), { status: "unchanged" });
});

test("sources map to locations and fetch goes through the client with the previous fingerprint", async () => {
  const calls: [string, string | null][] = [];
  const client: FeedClient = {
    get: async (location, previous): Promise<FetchOutcome> => {
      calls.push([location, previous]);
      return { status: "unchanged" };
    },
    listDir: async () => [],
  };
  const sources = [
    { kind: "upstream" } as const,
    { kind: "file", path: "/m/feed.json" } as const,
    { kind: "dir", path: "/mirror" } as const,
    { kind: "url", url: "http://mirror.local/json" } as const,
  ];
  for (const s of sources) {
    const updaters = await debianUpdaters(s, client);
    assert.deepEqual(
      updaters.map((u) => u.id),
      ["debian"],
    );
    assert.deepEqual(await updaters[0]!.fetch("etag-1", client), { status: "unchanged" });
  }
  assert.deepEqual(calls, [
    [DEBIAN_TRACKER_URL, "etag-1"],
    ["/m/feed.json", "etag-1"],
    ["/mirror/data.json", "etag-1"],
    ["http://mirror.local/json", "etag-1"],
  ]);
});
