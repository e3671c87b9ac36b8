import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { compress, decompress } from "zstd-napi";
import type { FeedClient } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { isFatalError } from "../../core/problem.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseCsafArchive } from "./csaf-archive.js";
import { tarZst } from "./testdata/tar-zst.js";
import { parseCsafBody, rhelUpdaters } from "./updater.js";

const root = sharedPath("fixtures", "vulndata", "redhat", "csaf-advisories");
const row = (a: Advisory): string => JSON.stringify(a);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? jsonFiles(join(dir, n)) : n.endsWith(".json") ? [join(dir, n)] : []))
    .sort();
}

// Every fixture document, one of them under a path too long for the tar header's name field
// (tar-stream then writes it with the ustar prefix), as an archive member.
const files = jsonFiles(root).map((p, i) => ({ name: i === 0 ? `${"deep/".repeat(30)}${relative(root, p)}` : relative(root, p), data: readFileSync(p) }));
const archive = await tarZst(files);
const expected = files.flatMap((f) => [...parseCsafBody(f.data, f.name).advisories].map(row));

function* slicesOf(body: Buffer, size: number): Generator<Uint8Array> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

test("a .tar.zst gives the records of its documents read one by one, wherever the slices break", () => {
  assert.ok(expected.length > 100);
  for (const size of [7, 4096, archive.length]) {
    const out = parseCsafArchive(slicesOf(archive, size), "a.tar.zst");
    assert.deepEqual([...out.advisories].map(row), expected, `slices of ${size}`);
    assert.deepEqual(out.problems, []);
  }
});

test("--source rhel=FILE.tar.zst streams the archive through fetchParsed; unchanged when the file is", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-csaf-archive-"));
  try {
    const path = join(dir, "csaf_vex_2025-01-01.tar.zst");
    writeFileSync(path, archive);
    const client = createFeedClient();
    const [u] = await rhelUpdaters({ kind: "file", path }, client);
    const got = await u!.fetchParsed!(null, client);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") return;
    assert.deepEqual([...got.parsed.advisories].map(row), expected);
    assert.equal((await u!.fetchParsed!(got.fingerprint, client)).status, "unchanged");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a cut or corrupt archive is FEED_INVALID from the iteration", () => {
  const fails = (body: Buffer, why: RegExp): void =>
    assert.throws(
      () => [...parseCsafArchive([body], "cut.tar.zst").advisories],
      (e) => isFatalError(e) && e.code === "FEED_INVALID" && why.test(e.message),
      why.source,
    );
  for (const at of [10, Math.floor(archive.length / 2), archive.length - 3]) fails(archive.subarray(0, at), /cut\.tar\.zst/);
  // A whole zstd frame around a cut tar: the tar walk itself notices.
  const tar = decompress(archive);
  for (const at of [700, Math.floor(tar.length / 2), tar.length - 1024]) fails(compress(tar.subarray(0, at)), /tar archive is unreadable/);
  const flipped = Buffer.from(tar);
  flipped[130] = flipped[130]! ^ 0x01;
  fails(compress(flipped), /bad header checksum/);
  fails(Buffer.alloc(0), /empty/);
  fails(Buffer.from("not zstd at all"), /zstd/);
});

test("upstream layout streamed: archive members a newer changes.csv entry replaces or deletions.csv drops are skipped", async () => {
  const read = (p: string): Buffer => readFileSync(join(root, p));
  const served: Record<string, Buffer> = {
    "archive_latest.txt": Buffer.from("csaf_vex_2025-01-01.tar.zst\n"),
    "csaf_vex_2025-01-01.tar.zst": await tarZst([
      { name: "2024/rhsa-2024_0010.json", data: read("server-2024/rhsa-2024_0010.json") },
      { name: "2023/rhsa-2023_3821.json", data: read("rhsa-2023_3821.json") },
      // Replaced by the newer copy changes.csv names: its records must come once, from that copy.
      { name: "2024/rhsa-2024_9371.json", data: read("2024/rhsa-2024_6163.json") },
    ]),
    "changes.csv": Buffer.from('"2024/rhsa-2024_9371.json","2025-02-01T00:00:00+00:00"\n"2024/rhsa-2024_0010.json","2024-12-01T00:00:00+00:00"\n'),
    "deletions.csv": Buffer.from('"2023/rhsa-2023_3821.json","2025-02-02T00:00:00+00:00"\n'),
    "2024/rhsa-2024_9371.json": read("2024/rhsa-2024_9371.json"),
  };
  // A stand-in for the HTTP client: the layout, not the network, is under test here.
  const fake: FeedClient = {
    listDir: async () => [],
    get: async (loc) => {
      const body = served[loc.replace("https://mirror.example/vex/", "")];
      if (!body) throw new Error(`not served: ${loc}`);
      return { status: "changed", body, fingerprint: "x" };
    },
  };
  // The engine's client saves the archive to a temporary file (download); this one does the same with the served bytes.
  const saved: string[] = [];
  const disk: FeedClient = {
    ...fake,
    download: async (loc) => {
      const got = await fake.get(loc, null);
      if (got.status !== "changed") return got;
      const dir = mkdtempSync(join(tmpdir(), "claro-csaf-download-"));
      saved.push(dir);
      writeFileSync(join(dir, "body"), got.body);
      return { status: "changed", path: join(dir, "body"), fingerprint: got.fingerprint, dispose: () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
  const fingerprints: string[] = [];
  for (const client of [fake, disk]) {
    const [u] = await rhelUpdaters({ kind: "url", url: "https://mirror.example/vex" }, client);
    const got = await u!.fetchParsed!(null, client);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") return;
    const streamed = [...got.parsed.advisories].map(row).sort();
    const whole = await u!.fetch(null, client);
    assert.equal(whole.status, "changed");
    if (whole.status !== "changed") return;
    assert.deepEqual(streamed, [...u!.parse(whole.body).advisories].map(row).sort(), "the same records as the bundled fetch + parse");
    assert.deepEqual([...new Set(streamed.map((r) => (JSON.parse(r) as Advisory).aliases[0]))].sort(), ["RHSA-2024:0010", "RHSA-2024:9371"]);
    assert.equal((await u!.fetchParsed!(got.fingerprint, client)).status, "unchanged");
    fingerprints.push(got.fingerprint);
  }
  assert.equal(fingerprints[0], fingerprints[1], "the archive hashes the same read from a file as from the body");
  assert.equal(saved.length, 2);
  assert.deepEqual(
    saved.filter((d) => existsSync(d)),
    [],
    "the downloads are deleted, read or unchanged",
  );
});

test("a VEX directory streamed one file at a time gives the bundled fetch + parse records, in the same order", async () => {
  const client = createFeedClient();
  for (const dir of [root, join(root, "server-2024")]) {
    const [u] = await rhelUpdaters({ kind: "dir", path: dir }, client);
    const got = await u!.fetchParsed!(null, client);
    const whole = await u!.fetch(null, client);
    assert.ok(got.status === "changed" && whole.status === "changed");
    const streamed = [...got.parsed.advisories].map(row);
    assert.ok(streamed.length > 0);
    assert.deepEqual(streamed, [...u!.parse(whole.body).advisories].map(row), dir);
    assert.equal((await u!.fetchParsed!(got.fingerprint, client)).status, "unchanged");
  }
});

test("a .tar.zst named by URL is inflated as it is written, from the body as downloaded", async () => {
  const url = "https://mirror.example/vex/csaf_vex_2025-01-01.tar.zst";
  const fake: FeedClient = {
    listDir: async () => [],
    get: async (loc, previous) => {
      assert.equal(loc, url);
      return previous === "etag-1" ? { status: "unchanged" } : { status: "changed", body: archive, fingerprint: "etag-1" };
    },
  };
  const [u] = await rhelUpdaters({ kind: "url", url }, fake);
  const got = await u!.fetchParsed!(null, fake);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") return;
  assert.deepEqual([...got.parsed.advisories].map(row), expected);
  assert.equal((await u!.fetchParsed!(got.fingerprint, fake)).status, "unchanged");
});
