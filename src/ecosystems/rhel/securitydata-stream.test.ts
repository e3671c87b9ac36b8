import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import type { FeedClient, FeedSource, ParseOutput, Updater } from "../../contracts/updater.js";
import { isFatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { bundleFingerprint, type FileRef } from "./securitydata-stream.js";
import { securityDataListUpdater } from "./securitydata-updater.js";
import { rhelUpdaters } from "./updater.js";

const redhat = (...p: string[]): string => sharedPath("fixtures", "vulndata", "redhat", ...p);
const API = redhat("securitydata-api-cve");
const FULL_MIN = redhat("securitydata-api-cve-full-min");
const client = createFeedClient();

function read(out: ParseOutput): { advisories: unknown[]; problems: unknown[] } {
  const advisories = [...out.advisories];
  return { advisories, problems: out.problems };
}

/** fetch + parse and fetchParsed of one updater: same fingerprint, advisories and problems. */
async function same(u: Updater, c: FeedClient = client): Promise<{ advisories: unknown[]; problems: unknown[] }> {
  const fetched = await u.fetch(null, c);
  const streamed = await u.fetchParsed!(null, c);
  assert.ok(fetched.status === "changed" && streamed.status === "changed");
  assert.equal(streamed.fingerprint, fetched.fingerprint, "a database filled by fetch + parse stays unchanged");
  const whole = read(u.parse(fetched.body));
  assert.deepEqual(read(streamed.parsed), whole);
  assert.deepEqual(await u.fetchParsed!(streamed.fingerprint, c), { status: "unchanged" });
  return whole;
}

async function updaterOf(source: FeedSource): Promise<Updater> {
  const [u] = await rhelUpdaters(source, client);
  assert.equal(u!.id, "rhel/securitydata");
  return u!;
}

// Issue 13.3: the mirror is read from disk a document at a time, with the whole-body parse's results.
test("securitydata: fetchParsed of the full/min mirror, the per-CVE directory and one file equals fetch + parse", async () => {
  assert.ok((await same(await updaterOf({ kind: "dir", path: FULL_MIN }))).advisories.length > 0);
  assert.ok((await same(await updaterOf({ kind: "dir", path: API }))).advisories.length > 0);
  assert.ok((await same(await updaterOf({ kind: "file", path: join(API, "cve-2024-8088.json") }))).advisories.length > 0);
});

test("securitydata: a stale index, a missing record and a bad record give the same problems in the same order; a cut record is FEED_INVALID", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-securitydata-"));
  try {
    for (const sub of ["full", "min"]) {
      mkdirSync(join(dir, sub));
      for (const n of readdirSync(join(FULL_MIN, sub))) copyFileSync(join(FULL_MIN, sub, n), join(dir, sub, n));
    }
    const [first, second] = readdirSync(join(dir, "full")).sort();
    rmSync(join(dir, "full", first!));
    const min = JSON.parse(readFileSync(join(dir, "min", second!), "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "min", second!), JSON.stringify({ ...min, affected_packages: ["nothing-1.0-1.el9"] }));
    writeFileSync(join(dir, "min", "CVE-2099-0001"), JSON.stringify({ CVE: "not a cve" }));
    const doc = JSON.parse(readFileSync(join(API, "cve-2024-8088.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(
      join(dir, "full", "CVE-2099-0002"),
      JSON.stringify({ ...doc, name: "CVE-2099-0002", package_state: [{ package_name: "x", fix_state: "Pending", cpe: "cpe:/o:redhat:enterprise_linux:9" }] }),
    );
    const u = await updaterOf({ kind: "dir", path: dir });
    const whole = await same(u);
    assert.ok(whole.problems.length >= 4, JSON.stringify(whole.problems));

    writeFileSync(join(dir, "full", "CVE-2099-0002"), JSON.stringify(doc).slice(0, 500));
    const streamed = await u.fetchParsed!(null, client);
    assert.ok(streamed.status === "changed");
    assert.throws(
      () => [...streamed.parsed.advisories],
      (e) => isFatalError(e) && e.code === "FEED_INVALID" && /CVE-2099-0002/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("securitydata: the bundle fingerprint is the same read in 1-byte to 64 KiB chunks, multi-byte text included", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-securitydata-"));
  try {
    writeFileSync(join(dir, "a"), '{"details": ["Ünïcödé — ✓"]}');
    writeFileSync(join(dir, "b"), Buffer.from([0x7b, 0xc3, 0x7d]));
    const refs: FileRef[] = [
      { path: "full/CVE-2", file: join(dir, "b") },
      { path: "full/CVE-1", file: join(dir, "a") },
      { path: "min/CVE-1", file: join(API, "cve-2024-8088.json") },
    ];
    const whole = bundleFingerprint(refs);
    for (const chunk of [1, 2, 3, 7, 4096]) assert.equal(bundleFingerprint(refs, chunk), whole, `chunks of ${chunk}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("securitydata: the list endpoint streamed downloads each page and record to a file, reads them one at a time, and deletes them", async () => {
  const base = "https://access.redhat.com/hydra/rest/securitydata/";
  const names = readdirSync(API).sort();
  const served = new Map<string, Buffer>([
    [
      `${base}cve.json?after=2024-01-01&per_page=1000&page=1`,
      Buffer.from(JSON.stringify(names.map((n) => ({ CVE: n.replace(/^cve/, "CVE").replace(/\.json$/, "") })))),
    ],
    ...names.map((n) => [`${base}cve/${n.replace(/^cve/, "CVE")}`, readFileSync(join(API, n))] as const),
  ]);
  const body = (url: string): Buffer => {
    const b = served.get(url);
    if (b === undefined) throw new Error(`not served: ${url}`);
    return b;
  };
  const getOnly: FeedClient = { listDir: async () => [], get: async (url) => ({ status: "changed", body: body(url), fingerprint: "x" }) };
  const dir = mkdtempSync(join(tmpdir(), "claro-securitydata-"));
  const saved: string[] = [];
  const toDisk: FeedClient = {
    ...getOnly,
    get: async (url) => {
      throw new Error(`get(${url}): should be downloaded to a file`);
    },
    download: async (url) => {
      const file = join(dir, `download-${saved.length}`);
      writeFileSync(file, body(url));
      saved.push(file);
      return { status: "changed", path: file, fingerprint: "x", dispose: () => rmSync(file, { force: true }) };
    },
  };
  try {
    const u = securityDataListUpdater(`${base}cve.json?after=2024-01-01`);
    const fetched = await u.fetch(null, getOnly);
    assert.ok(fetched.status === "changed");
    const whole = read(u.parse(fetched.body));
    assert.ok(whole.advisories.length > 0);
    assert.deepEqual(await same(u, getOnly), whole, "a client without download gets fetch + parse");
    const streamed = await u.fetchParsed!(null, toDisk);
    assert.ok(streamed.status === "changed");
    assert.equal(streamed.fingerprint, fetched.fingerprint);
    assert.equal(saved.length, 1 + names.length);
    assert.equal(existsSync(saved[0]!), false, "the page is deleted once read");
    assert.deepEqual(read(streamed.parsed), whole);
    assert.deepEqual(
      saved.filter((f) => existsSync(f)),
      [],
      "the records are deleted once read",
    );
    assert.deepEqual(await u.fetchParsed!(streamed.fingerprint, toDisk), { status: "unchanged" });
    assert.deepEqual(
      saved.filter((f) => existsSync(f)),
      [],
      "and when unchanged",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
