import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { FeedSource, Updater } from "../../contracts/updater.js";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { ubuntuUpdaters } from "./updater.js";

const ROOT = sharedPath("fixtures", "vulndata", "ubuntu");
const client = createFeedClient({ retries: 0 });

interface Read {
  readonly fingerprint: string;
  readonly advisories: unknown[];
  readonly problems: unknown[];
}

async function viaFetch(u: Updater): Promise<Read> {
  const got = await u.fetch(null, client);
  if (got.status !== "changed") throw new Error(`${u.id}: unchanged`);
  const parsed = u.parse(got.body);
  return { fingerprint: got.fingerprint, advisories: [...parsed.advisories], problems: parsed.problems };
}

async function viaStream(u: Updater): Promise<Read> {
  assert.ok(u.fetchParsed, u.id);
  const got = await u.fetchParsed(null, client);
  if (got.status !== "changed") throw new Error(`${u.id}: unchanged`);
  return { fingerprint: got.fingerprint, advisories: [...got.parsed.advisories], problems: got.parsed.problems };
}

const SOURCES: readonly { label: string; source: FeedSource; ids: string[] }[] = [
  { label: "the VEX tree", source: { kind: "dir", path: join(ROOT, "vex") }, ids: ["ubuntu/vex"] },
  { label: "its cve/ subtree", source: { kind: "dir", path: join(ROOT, "vex", "cve") }, ids: ["ubuntu/vex"] },
  { label: "the OSV mirror (osv/, osv-esm/)", source: { kind: "dir", path: ROOT }, ids: ["ubuntu", "ubuntu/esm"] },
];

for (const { label, source, ids } of SOURCES) {
  test(`${label}: fetchParsed (one document at a time from disk) gives fetch + parse's records, problems and fingerprint`, async () => {
    const updaters = await ubuntuUpdaters(source, client);
    assert.deepEqual(
      updaters.map((u) => u.id),
      ids,
    );
    for (const u of updaters) {
      const whole = await viaFetch(u);
      const streamed = await viaStream(u);
      assert.ok(whole.advisories.length > 0, u.id);
      assert.deepEqual(streamed.advisories, whole.advisories, u.id);
      assert.deepEqual(streamed.problems, whole.problems, u.id);
      assert.equal(streamed.fingerprint, whole.fingerprint, u.id);
      assert.deepEqual(await u.fetchParsed!(whole.fingerprint, client), { status: "unchanged" }, u.id);
    }
  });
}

function firstJson(dir: string): string {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) return firstJson(path);
    if (e.name.endsWith(".json")) return path;
  }
  throw new Error(`no .json under ${dir}`);
}

test("a cut VEX document: FEED_INVALID from the iteration (the write rolls back), as from parse; a changed file changes the fingerprint", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ubuntu-vex-cut-"));
  try {
    cpSync(join(ROOT, "vex"), dir, { recursive: true });
    const [u] = await ubuntuUpdaters({ kind: "dir", path: dir }, client);
    assert.equal(u!.id, "ubuntu/vex");
    const before = await viaStream(u!);
    const victim = firstJson(dir);
    const text = readFileSync(victim);
    writeFileSync(victim, text.subarray(0, Math.floor(text.length / 2)));
    const got = await u!.fetchParsed!(before.fingerprint, client);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") return;
    assert.notEqual(got.fingerprint, before.fingerprint);
    const fetched = await u!.fetch(null, client);
    assert.equal(fetched.status === "changed" ? fetched.fingerprint : null, got.fingerprint);
    assert.throws(
      () => [...got.parsed.advisories],
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
    await assert.rejects(
      async () => [...(await viaFetch(u!)).advisories],
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a document removed after the fingerprint was taken: FEED_UNAVAILABLE from the iteration, not a silent gap", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ubuntu-vex-gone-"));
  try {
    cpSync(join(ROOT, "vex"), dir, { recursive: true });
    const [u] = await ubuntuUpdaters({ kind: "dir", path: dir }, client);
    const got = await u!.fetchParsed!(null, client);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") return;
    rmSync(firstJson(dir));
    assert.throws(
      () => [...got.parsed.advisories],
      (e: unknown) => isFatalError(e) && e.code === "FEED_UNAVAILABLE",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
