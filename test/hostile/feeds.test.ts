import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, it } from "node:test";
import type { AdvisoryStore } from "../../src/contracts/store.js";
import type { FeedClient, FeedSource } from "../../src/contracts/updater.js";
import type { EnrichmentUpdaterFactory } from "../../src/contracts/enrichment.js";
import { isFatalError } from "../../src/core/problem.js";
import { enrichers, type EnricherName } from "../../src/cli/enrichers.js";
import { ecosystems, type EcosystemName } from "../../src/ecosystems/index.js";
import { writeZip } from "../../src/formats/testdata/zip-writer.js";
import { tarZst } from "../../src/ecosystems/rhel/testdata/tar-zst.js";
import { openStore } from "../../src/store/index.js";
import { createFeedClient, runEnrichmentUpdates, runUpdates, type UpdateResult } from "../../src/updater/index.js";
import type { ShrinkPolicy } from "../../src/updater/shrink-guard.js";
import { diffingStore, type RunDiff } from "../../src/server/notifier/update-diff.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../support/postgres.js";
import { sharedPath } from "../support/shared.js";
import { claroLimited, hostileDir } from "./limits.js";

/**
 * Issue 9 §5: a feed that is cut short or empty must not replace good data. Each case loads the
 * real fixture feed, then offers the same feed cut at several points: the updater must fail with
 * FEED_INVALID and leave every updater's records and fingerprint as they were.
 */
const root = hostileDir("feeds");
const V = (...p: string[]): string => sharedPath("fixtures", "vulndata", ...p);
const client = createFeedClient();

type FeedName = EcosystemName | EnricherName;

interface Case {
  readonly label: string;
  readonly feed: FeedName;
  /** Lays the good feed out under `dir`; returns the source and the file a truncation cuts. */
  readonly lay: (dir: string) => { readonly source: FeedSource; readonly victim: string };
}

function place(from: string, dir: string, as: string, encode?: (b: Buffer) => Buffer): string {
  const to = join(dir, as);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, encode ? encode(readFileSync(from)) : readFileSync(from));
  return to;
}
const file = (from: string, as: string, encode?: (b: Buffer) => Buffer) => (dir: string) => {
  const victim = place(from, dir, as, encode);
  return { source: { kind: "file", path: victim } as const, victim };
};
const tree =
  (from: string, victim: string, keep: (name: string) => boolean = () => true) =>
  (dir: string) => {
    cpSync(from, dir, { recursive: true, filter: (src) => src === from || keep(src.slice(from.length + 1)) });
    return { source: { kind: "dir", path: dir } as const, victim: join(dir, victim) };
  };
const bzip2 = (b: Buffer): Buffer => {
  const r = spawnSync("bzip2", ["-c", "-1"], { input: b, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error("bzip2 is not installed");
  return r.stdout;
};
// A few records of the Go mirror are enough to show the framing; all 800 would only cost time.
const GO_SAMPLE = ["GO-2022-0956.json", "GO-2022-0515.json", "GO-2023-2115.json", "GO-2025-4192.json", "GO-2020-0013.json"];
const goZip = (): Buffer => writeZip(GO_SAMPLE.map((n) => ({ name: n, data: readFileSync(V("osv", "go", n)) })));
// Red Hat's csaf_vex_<date>.tar.zst layout, from three of the CSAF samples; read as a stream.
const VEX_SAMPLE = ["2024/rhsa-2024_6163.json", "2024/rhsa-2024_9371.json", "2025/rhsa-2025_23414.json"];
const vexArchive = await tarZst(VEX_SAMPLE.map((n) => ({ name: n, data: readFileSync(V("redhat", "csaf-advisories", n)) })));

const CASES: readonly Case[] = [
  { label: "Debian tracker JSON", feed: "debian", lay: file(V("debian", "derived-bookworm", "data.json"), "data.json") },
  { label: "Alpine secdb JSON", feed: "alpine", lay: file(V("alpine", "secdb-json", "v3.10", "community.json"), "v3.10/community.json") },
  { label: "Alpine secdb YAML", feed: "alpine", lay: file(V("alpine", "secdb-yaml", "v3.9", "main.yaml"), "v3.9/main.yaml") },
  { label: "Wolfi secdb JSON", feed: "wolfi", lay: file(V("wolfi", "secdb", "security.json"), "security.json") },
  { label: "Chainguard secdb JSON", feed: "chainguard", lay: file(V("chainguard", "secdb", "security.json"), "security.json") },
  { label: "OSV per-record files", feed: "golang", lay: tree(V("osv", "go"), "GO-2022-0956.json", (name) => GO_SAMPLE.includes(name)) },
  {
    label: "OSV all.zip",
    feed: "golang",
    lay: (dir) => {
      const victim = join(dir, "all.zip");
      mkdirSync(dir, { recursive: true });
      writeFileSync(victim, goZip());
      return { source: { kind: "file", path: victim }, victim };
    },
  },
  { label: "Ubuntu OSV", feed: "ubuntu", lay: tree(V("ubuntu"), "osv/cve/2020/UBUNTU-CVE-2020-36325.json") },
  { label: "Red Hat CSAF VEX", feed: "rhel", lay: tree(V("redhat", "csaf-advisories"), "2024/rhsa-2024_6163.json") },
  {
    label: "Red Hat CSAF VEX .tar.zst (streamed)",
    feed: "rhel",
    lay: (dir) => {
      const victim = join(dir, "csaf_vex_2025-01-01.tar.zst");
      mkdirSync(dir, { recursive: true });
      writeFileSync(victim, vexArchive);
      return { source: { kind: "file", path: victim }, victim };
    },
  },
  { label: "Red Hat security data API", feed: "rhel", lay: tree(V("redhat", "securitydata-api-cve-full-min"), "full/CVE-2023-4863") },
  { label: "Amazon ALAS RSS", feed: "amazon", lay: tree(V("amazon", "alas"), "2_rss.xml") },
  { label: "OVAL XML (Oracle)", feed: "oracle", lay: file(V("oracle", "oval", "elsa-mock_data.xml"), "elsa-mock_data.xml") },
  { label: "OVAL XML (SUSE, streamed from disk)", feed: "suse", lay: file(V("suse", "oval", "suse_truncated.xml"), "suse.linux.enterprise.15.xml") },
  { label: "OVAL XML gzip (SUSE)", feed: "suse", lay: file(V("suse", "oval", "suse_truncated.xml"), "suse.linux.enterprise.15.xml.gz", gzipSync) },
  { label: "OVAL XML bzip2 (Oracle)", feed: "oracle", lay: file(V("oracle", "oval", "elsa-mock_data.xml"), "elsa-mock_data.xml.bz2", bzip2) },
  { label: "OVAL XML (Azure Linux)", feed: "mariner", lay: tree(V("mariner", "oval"), "mariner-truncated-2.0-oval.xml") },
  { label: "NVD API 2.0 JSON", feed: "nvd", lay: file(V("nvd", "api2", "full-page.json"), "nvd.json") },
  { label: "EPSS CSV", feed: "epss", lay: file(V("epss", "data.csv"), "data.csv") },
  { label: "EPSS CSV gzip", feed: "epss", lay: file(V("epss", "data.csv"), "epss_scores-current.csv.gz", gzipSync) },
  { label: "KEV JSON", feed: "kev", lay: file(V("kev", "known_exploited_vulnerabilities.json"), "kev.json") },
];

/** Errors the updaters themselves threw (from parse or from iterating its records), by code. */
type Seen = string[];

function code(e: unknown): string {
  return isFatalError(e) ? e.code : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function* watched<T>(items: Iterable<T>, seen: Seen): Generator<T> {
  try {
    yield* items;
  } catch (e) {
    seen.push(code(e));
    throw e;
  }
}

/** Runs the real engine over `feed` with `source`; `seen` gets the codes of errors the updater threw. */
async function update(store: AdvisoryStore, feed: FeedName, source: FeedSource, seen: Seen = [], policy: ShrinkPolicy = {}): Promise<UpdateResult[]> {
  const wrap = <P extends { problems: unknown[] }>(parse: (b: Buffer) => P, b: Buffer): P => {
    try {
      return parse(b);
    } catch (e) {
      seen.push(code(e));
      throw e;
    }
  };
  // Some updaters read their feed while naming themselves (Amazon's RSS): count those errors too.
  const made = async <U>(make: () => Promise<U>): Promise<U> => {
    try {
      return await make();
    } catch (e) {
      seen.push(code(e));
      throw e;
    }
  };
  if (feed === "nvd" || feed === "epss" || feed === "kev") {
    const factory: EnrichmentUpdaterFactory = async (s, c: FeedClient) =>
      (await made(() => enrichers[feed](s, c))).map((u) => ({
        ...u,
        fetch: (p, cl) => made(() => u.fetch(p, cl)),
        parse: (b: Buffer) => {
          const p = wrap(u.parse, b);
          return { ...p, records: watched(p.records, seen) };
        },
        // A streamed enricher (NVD pages, EPSS) parses while the store reads: its errors come from the iteration.
        ...(u.fetchParsed
          ? {
              fetchParsed: async (p: string | null, cl: FeedClient) => {
                const f = await made(() => u.fetchParsed!(p, cl));
                return f.status === "changed" ? { ...f, parsed: { ...f.parsed, records: watched(f.parsed.records, seen) } } : f;
              },
            }
          : {}),
      }));
    return runEnrichmentUpdates([{ name: feed, factory, source }], store, client, undefined, policy);
  }
  const eco = ecosystems[feed];
  return runUpdates(
    [
      {
        ecosystem: feed,
        factory: async (s, c) =>
          (await made(() => eco.updaters(s, c))).map((u) => ({
            ...u,
            fetch: (p, cl) => made(() => u.fetch(p, cl)),
            parse: (b: Buffer) => {
              const p = wrap(u.parse, b);
              return { ...p, advisories: watched(p.advisories, seen) };
            },
            // A streamed updater (Debian) parses while the store reads: its errors come from the iteration.
            ...(u.fetchParsed
              ? {
                  fetchParsed: async (p: string | null, cl: FeedClient) => {
                    const f = await made(() => u.fetchParsed!(p, cl));
                    return f.status === "changed" ? { ...f, parsed: { ...f.parsed, advisories: watched(f.parsed.advisories, seen) } } : f;
                  },
                }
              : {}),
          })),
        source,
      },
    ],
    store,
    client,
    undefined,
    policy,
  );
}

/** What must not move when an update is refused: each updater's count, fingerprint and rows. */
async function snapshot(store: AdvisoryStore): Promise<string> {
  const status = (await store.status()).map((u) => [u.updater, u.recordCount, u.fingerprint, u.lastChangedAt]);
  return JSON.stringify({ status, advisories: await store.countAdvisories() });
}

/** Cut points: early, the middle, and a few bytes before the end (mid-line in every fixture). */
const cuts = (length: number): number[] => [Math.floor(length * 0.1), Math.floor(length / 2), length - 8];

describe("a truncated feed fails its updater and leaves the previous data", () => {
  for (const c of CASES) {
    it(c.label, async (t) => {
      const dir = join(root, c.label.replace(/\W+/g, "-"));
      let laid;
      try {
        laid = c.lay(dir);
      } catch (e) {
        if (/not installed/.test(String(e))) return t.skip(String(e));
        throw e;
      }
      const store = await openStore("sqlite::memory:");
      try {
        const first = await update(store, c.feed, laid.source);
        assert.ok(first.length > 0 && first.every((r) => r.status === "changed"), JSON.stringify(first.map((r) => [r.updater, r.status, r.error])));
        assert.ok(
          first.some((r) => r.recordCount > 0),
          "the fixture loads records",
        );
        const before = await snapshot(store);
        const good = readFileSync(laid.victim);
        for (const at of cuts(good.length)) {
          writeFileSync(laid.victim, good.subarray(0, at));
          const seen: Seen = [];
          const results = await update(store, c.feed, laid.source, seen);
          const failed = results.filter((r) => r.status === "failed");
          assert.equal(failed.length, 1, `cut at ${at}/${good.length}: ${JSON.stringify(results.map((r) => [r.updater, r.status, r.error]))}`);
          assert.deepEqual(seen, ["FEED_INVALID"], `cut at ${at}/${good.length}: the updater itself rejects the document (${failed[0]!.error})`);
          assert.equal(await snapshot(store), before, `cut at ${at}/${good.length}: the previous data is intact`);
        }
      } finally {
        await store.close();
      }
    });
  }
});

/** The alpine v3.9 main YAML cut at the line break nearest its middle: still valid YAML, half the records. */
function yamlCutAtLine(): string {
  const text = readFileSync(V("alpine", "secdb-yaml", "v3.9", "main.yaml"), "utf8");
  return text.slice(0, text.indexOf("\n", text.length / 2) + 1);
}

interface Bad {
  readonly label: string;
  readonly feed: FeedName;
  readonly lay: Case["lay"];
  /** Written over the victim file in place of the good feed. */
  readonly body: string;
  /** What the refusal must say: the updater's own FEED_INVALID, or the shrink guard's reason. */
  readonly why: RegExp;
}

const DEBIAN = CASES[0]!.lay;
const ALPINE_JSON = CASES[1]!.lay;
const ALPINE_YAML = CASES[2]!.lay;
const EMPTY = /refusing to replace \d+ records with 0 /;
const INVALID = /no record of the feed is valid/;
const BAD: readonly Bad[] = [
  { label: "Debian {}", feed: "debian", lay: DEBIAN, body: "{}", why: EMPTY },
  { label: "Debian wrong-typed packages", feed: "debian", lay: DEBIAN, body: '{"openssl": 5, "curl": "x"}', why: INVALID },
  { label: "Debian wrong-typed records", feed: "debian", lay: DEBIAN, body: '{"openssl": {"CVE-2024-0001": {"releases": 5}}}', why: INVALID },
  { label: "Debian []", feed: "debian", lay: DEBIAN, body: "[]", why: /not a JSON object/ },
  { label: "secdb YAML cut at a line break", feed: "alpine", lay: ALPINE_YAML, body: yamlCutAtLine(), why: /refusing to replace 1099 records with 5\d\d / },
  { label: "secdb YAML packages: []", feed: "alpine", lay: ALPINE_YAML, body: "distroversion: v3.9\nreponame: main\npackages: []\n", why: EMPTY },
  { label: "secdb YAML {}", feed: "alpine", lay: ALPINE_YAML, body: "{}\n", why: /not a secdb document/ },
  {
    label: "secdb JSON packages: []",
    feed: "alpine",
    lay: ALPINE_JSON,
    body: '{"distroversion": "v3.10", "reponame": "community", "packages": []}',
    why: EMPTY,
  },
  { label: "secdb JSON wrong-typed packages", feed: "alpine", lay: ALPINE_JSON, body: '{"packages": [1, "x", {"pkg": 5}]}', why: INVALID },
  { label: "secdb JSON packages not a list", feed: "alpine", lay: ALPINE_JSON, body: '{"packages": {"pkg": {}}}', why: /not a secdb document/ },
  { label: "NVD []", feed: "nvd", lay: CASES.find((c) => c.feed === "nvd")!.lay, body: "[]", why: EMPTY },
  { label: "KEV no vulnerabilities", feed: "kev", lay: CASES.find((c) => c.feed === "kev")!.lay, body: '{"vulnerabilities": []}', why: EMPTY },
  { label: "EPSS header only", feed: "epss", lay: CASES.find((c) => c.feed === "epss")!.lay, body: "cve,epss,percentile\n", why: EMPTY },
  {
    label: "OVAL without definitions",
    feed: "oracle",
    lay: CASES.find((c) => c.feed === "oracle")!.lay,
    body: '<?xml version="1.0"?>\n<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"></oval_definitions>\n',
    why: EMPTY,
  },
];

async function loaded(label: string, lay: Case["lay"], feed: FeedName, store: AdvisoryStore): Promise<{ source: FeedSource; victim: string }> {
  const laid = lay(join(root, `bad-${label.replace(/\W+/g, "-")}`));
  const first = await update(store, feed, laid.source);
  assert.ok(first.every((r) => r.status === "changed") && first.some((r) => r.recordCount > 0), JSON.stringify(first));
  return laid;
}

describe("an empty, wrong-typed or shrunken feed is refused and leaves the previous data", () => {
  for (const b of BAD) {
    it(b.label, async () => {
      const store = await openStore("sqlite::memory:");
      try {
        const laid = await loaded(b.label, b.lay, b.feed, store);
        const before = await snapshot(store);
        writeFileSync(laid.victim, b.body);
        const results = await update(store, b.feed, laid.source);
        assert.deepEqual(
          results.map((r) => r.status),
          ["failed"],
        );
        assert.match(results[0]!.error ?? "", b.why);
        assert.equal(await snapshot(store), before);
        const status = (await store.status()).find((u) => u.updater === results[0]!.updater)!;
        assert.equal(status.lastRun.error, results[0]!.error, "the reason is stored for `db status`");
      } finally {
        await store.close();
      }
    });
  }

  it("allowShrink, or a larger maxShrink, accepts the shrink", async () => {
    const store = await openStore("sqlite::memory:");
    try {
      const laid = await loaded("allow", ALPINE_YAML, "alpine", store);
      writeFileSync(laid.victim, yamlCutAtLine());
      assert.equal((await update(store, "alpine", laid.source, [], { maxShrink: 0.6 }))[0]?.status, "changed");
      writeFileSync(laid.victim, "packages: []\n");
      assert.equal((await update(store, "alpine", laid.source, [], { maxShrink: 0.6 }))[0]?.status, "failed", "zero records is more than 60% fewer");
      const [r] = await update(store, "alpine", laid.source, [], { allowShrink: true });
      assert.deepEqual([r?.status, r?.recordCount], ["changed", 0]);
    } finally {
      await store.close();
    }
  });

  it("a first load has nothing to lose: an empty feed loads, an all-invalid one does not", async () => {
    const store = await openStore("sqlite::memory:");
    try {
      const dir = join(root, "first");
      const path = place(V("alpine", "secdb-yaml", "v3.9", "main.yaml"), dir, "v3.9/main.yaml");
      writeFileSync(path, "distroversion: v3.9\nreponame: main\npackages: []\n");
      assert.deepEqual((await update(store, "alpine", { kind: "file", path }))[0]?.status, "changed");
      writeFileSync(path, "distroversion: v3.9\nreponame: main\npackages:\n  - 1\n  - pkg: {}\n");
      assert.match((await update(store, "alpine", { kind: "file", path }))[0]?.error ?? "", INVALID);
    } finally {
      await store.close();
    }
  });

  it("the server's update cycle (diffing store) is guarded the same way, on PostgreSQL too", async () => {
    const schema = uniqueSchema();
    const store = await openStore(withSchema(await pgTestUrl(), schema));
    try {
      await store.migrate();
      const laid = await loaded("server", ALPINE_YAML, "alpine", store);
      const before = await snapshot(store);
      writeFileSync(laid.victim, yamlCutAtLine());
      const diffs: RunDiff[] = [];
      const eco = ecosystems.alpine;
      const results = await runUpdates([{ ecosystem: "alpine", factory: eco.updaters, source: laid.source }], diffingStore(store, diffs), client);
      assert.equal(results[0]?.status, "failed");
      assert.match(results[0]?.error ?? "", /refusing to replace 1099 records/);
      assert.equal(diffs.length, 0, "a refused update notifies nothing");
      assert.equal(await snapshot(store), before);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});

describe("claro db update / db status (real CLI)", () => {
  it("refuses the shrink (exit 2), shows the reason in db status, and --allow-shrink accepts it", async () => {
    const dir = join(root, "cli");
    const feed = place(V("alpine", "secdb-yaml", "v3.9", "main.yaml"), dir, "v3.9/main.yaml");
    const db = `sqlite:${join(dir, "claro.db")}`;
    const limits = { timeoutMs: 240_000, maxRssMb: 1024 }; // a hang guard, not a speed test: generous for a loaded machine
    // The first load in-process: the CLI runs below are what is under test, and each costs seconds.
    const store = await openStore(db);
    await update(store, "alpine", { kind: "file", path: feed });
    await store.close();
    const args = ["db", "update", "--db", db, "--source", `alpine=${feed}`];
    writeFileSync(feed, yamlCutAtLine());
    const refused = await claroLimited(args, limits);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /alpine\/v3\.9\/main: FAILED: refusing to replace 1099 records with 5\d\d /);
    assert.match(refused.stderr, /--allow-shrink/);
    const table = await claroLimited(["db", "status", "--db", db], limits);
    assert.match(table.stdout, /alpine\/v3\.9\/main\s+failed\s+\S+\s+1099 /);
    assert.match(table.stdout, /Last run failed \(previous data kept\):\n {2}alpine\/v3\.9\/main: refusing to replace 1099 records/);
    const json = JSON.parse((await claroLimited(["db", "status", "--db", db, "-f", "json"], limits)).stdout) as {
      advisories: number;
      updaters: { lastRun: { error: string } }[];
    };
    assert.equal(json.advisories, 1099);
    assert.match(json.updaters[0]!.lastRun.error, /refusing to replace 1099 records/);
    const allowed = await claroLimited(args, { ...limits, env: { CLARO_ALLOW_SHRINK: "true" } });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /alpine\/v3\.9\/main: 5\d\d records/);
  });
});
