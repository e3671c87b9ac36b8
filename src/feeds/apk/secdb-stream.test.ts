import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import type { FeedClient, ParseOutput } from "../../contracts/updater.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { parseSecdbJsonSlices, parseSecdbYamlSlices, secdbUpdater, type SecdbFeed } from "./secdb-updater.js";
import { chunked, codeOf } from "../../../test/support/chunks.js";

const SECDB = sharedPath("fixtures", "vulndata");
const JSON_FIXTURES = [
  join(SECDB, "alpine", "secdb-json", "v3.10", "community.json"),
  join(SECDB, "wolfi", "secdb", "security.json"),
  join(SECDB, "chainguard", "secdb", "security.json"),
];
const YAML_FIXTURES = [
  ...["v3.5", "v3.9", "v3.10", "v3.11"].flatMap((r) => ["main", "community"].map((repo) => join(SECDB, "alpine", "secdb-yaml", r, `${repo}.yaml`))),
  ...["main", "community"].map((repo) => join(SECDB, "alpine", "vunnel", "input", "secdb", "v3.15", `${repo}.yaml`)),
];

const feed = (location: string): SecdbFeed => ({ id: "t/secdb", location, namespace: "t:rolling", link: (id) => `https://t.example/${id}` });

function read(out: ParseOutput): { advisories: unknown[]; problems: unknown[] } {
  const advisories = [...out.advisories];
  return { advisories, problems: out.problems };
}

/** One record of each kind `parseSecdb` reports as a problem, and an id listed twice for one package name. */
function broken(body: Buffer): Buffer {
  const doc = JSON.parse(body.toString("utf8")) as { packages: unknown[] };
  doc.packages.push(
    { pkg: { name: "", secfixes: {} } },
    { pkg: { name: "bad-version", secfixes: { "not a version!": ["CVE-2020-0001"] } } },
    { pkg: { name: "bad-entry", secfixes: { "1.0-r0": [42, "no id here"] } } },
    { pkg: { name: "twice", secfixes: { "2.0-r0": ["CVE-2020-0002 XSA-1"] } } },
    "not an object",
    { pkg: { name: "twice", secfixes: { "1.0-r0": ["CVE-2020-0002 XSA-2"], "0": ["CVE-2020-0003"] } } },
  );
  return Buffer.from(JSON.stringify(doc, null, 1));
}

// Issue 13.3: the JSON secdb streamed a package at a time gives what the whole-body parse gives.
test("secdb: streamed advisories and problems equal the whole-body parse on every JSON fixture, in any chunk size", () => {
  for (const path of JSON_FIXTURES) {
    const updater = secdbUpdater(feed(path));
    for (const body of [readFileSync(path), broken(readFileSync(path))]) {
      const whole = read(updater.parse(body));
      assert.ok(whole.advisories.length > 0, path);
      for (const size of [1, 3, 64, 4096, 1 << 20])
        assert.deepEqual(read(parseSecdbJsonSlices(feed(path), () => chunked(body, size))), whole, `${path}, chunks of ${size}`);
    }
    assert.equal(read(updater.parse(broken(readFileSync(path)))).problems.length, 5, path);
  }
});

test("secdb: a cut, foreign or trailing-garbage JSON document throws FEED_INVALID while streaming, as the whole parse does", () => {
  const body = readFileSync(JSON_FIXTURES[1]!);
  const text = body.toString("utf8");
  const cases = [
    body.subarray(0, Math.floor(body.length / 2)),
    body.subarray(0, body.length - 3),
    body.subarray(0, text.lastIndexOf("]") + 1),
    Buffer.from("{}"),
    Buffer.from('{"distroversion": "x"}'),
    Buffer.from('{"packages": {"a": {"pkg": {"name": "a"}}}}'),
    Buffer.from('{"packages": "x"}'),
    Buffer.from('{"packages": [], "distroversion": 3}'),
    Buffer.from("[1]"),
    Buffer.from(`${text} {}`),
    Buffer.from(`${text} x`),
  ];
  const updater = secdbUpdater(feed("unused"));
  for (const b of cases) {
    const label = b.toString("utf8").slice(-30);
    assert.equal(
      codeOf(() => read(updater.parse(b))),
      "FEED_INVALID",
      `whole: ${label}`,
    );
    for (const size of [1, 7, 1 << 20])
      assert.equal(
        codeOf(() => read(parseSecdbJsonSlices(feed("unused"), () => chunked(b, size)))),
        "FEED_INVALID",
        `streamed ${size}: ${label}`,
      );
  }
  assert.deepEqual(read(parseSecdbJsonSlices(feed("unused"), () => chunked(Buffer.from('{"packages": []}\n'), 5))), { advisories: [], problems: [] });
});

test("secdb: fetchParsed of every JSON and YAML fixture gives fetch + parse's fingerprint, advisories and problems", async () => {
  const client = createFeedClient();
  for (const path of [...JSON_FIXTURES, ...YAML_FIXTURES]) {
    const updater = secdbUpdater(feed(path));
    const fetched = await updater.fetch(null, client);
    const streamed = await updater.fetchParsed!(null, client);
    assert.ok(fetched.status === "changed" && streamed.status === "changed", path);
    assert.equal(streamed.fingerprint, fetched.fingerprint, path);
    assert.deepEqual(read(streamed.parsed), read(updater.parse(fetched.body)), path);
    assert.deepEqual(await updater.fetchParsed!(streamed.fingerprint, client), { status: "unchanged" }, path);
  }
});

test("secdb: fetchParsed of a download parses the temporary file and deletes it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-secdb-"));
  try {
    for (const path of [JSON_FIXTURES[1]!, YAML_FIXTURES[0]!]) {
      const body = readFileSync(path);
      const saved: string[] = [];
      const toDisk: FeedClient = {
        listDir: async () => [],
        get: async (url) => {
          throw new Error(`get(${url}): the feed should be downloaded to a file`);
        },
        download: async () => {
          const file = join(dir, `download-${saved.length}`);
          writeFileSync(file, body);
          saved.push(file);
          return { status: "changed", path: file, fingerprint: "fp", dispose: () => rmSync(file, { force: true }) };
        },
      };
      const updater = secdbUpdater(feed("https://secdb.example/security.json"));
      const downloaded = await updater.fetchParsed!(null, toDisk);
      assert.ok(downloaded.status === "changed");
      assert.equal(downloaded.fingerprint, "fp");
      assert.deepEqual(read(downloaded.parsed), read(updater.parse(body)), path);
      assert.equal(saved.length, 1);
      assert.equal(existsSync(saved[0]!), false, "the download is deleted once read");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The YAML split is only worth having if each item parsed alone gives what the whole parse gives.
test("secdb: every YAML fixture splits into items, and item by item gives the whole parse's advisories and problems, in any chunk size", () => {
  for (const path of YAML_FIXTURES) {
    const updater = secdbUpdater(feed(path));
    const body = readFileSync(path);
    const whole = read(updater.parse(body));
    assert.ok(whole.advisories.length > 0, path);
    for (const size of [1, 5, 4096, 1 << 20]) {
      const streamed = parseSecdbYamlSlices(feed(path), () => chunked(body, size));
      assert.ok(streamed !== undefined, `${path} splits (chunks of ${size})`);
      assert.deepEqual(read(streamed), whole, `${path}, chunks of ${size}`);
    }
  }
});

test("secdb: YAML the line split cannot vouch for, or cut mid-line, goes to the whole parse", () => {
  const body = readFileSync(YAML_FIXTURES[0]!).toString("utf8");
  const unsplittable = [
    body.slice(0, -1),
    body.replace("packages:\n", "packages:\n  - &a\n    pkg: {name: x}\n"),
    body.replace(/secfixes:\n/, "secfixes: |\n"),
    `${body}...\n`,
    `${body}other: x\n`,
    body.replace(/packages:\n[^]*$/, "packages: []\n"),
    body.replace(/packages:\n[^]*$/, "packages:\n"),
    "",
  ];
  for (const text of unsplittable)
    assert.equal(
      parseSecdbYamlSlices(feed("unused"), () => chunked(Buffer.from(text), 7)),
      undefined,
      text.slice(-40),
    );
  // A bad record splits, and is the same problem either way.
  const withBad = body.replace(
    "packages:\n",
    "packages:\n  - pkg:\n      name: x\n      secfixes:\n        not-a-version:\n          - CVE-2020-0001\n  - nopkg\n",
  );
  const streamed = parseSecdbYamlSlices(feed("unused"), () => chunked(Buffer.from(withBad), 3));
  assert.ok(streamed !== undefined);
  const whole = read(secdbUpdater(feed("unused")).parse(Buffer.from(withBad)));
  assert.equal(whole.problems.length, 2);
  assert.deepEqual(read(streamed), whole);
});
