import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import type { EnrichmentParseOutput } from "../../contracts/enrichment.js";
import type { FeedClient } from "../../contracts/updater.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { kevEnrichers, parseKevJson } from "./kev-json.js";
import { parseKevSlices } from "./kev-stream.js";
import { chunked, codeOf } from "../../../test/support/chunks.js";

const FIXTURE = sharedPath("fixtures", "vulndata", "kev", "known_exploited_vulnerabilities.json");

function read(out: EnrichmentParseOutput): { records: unknown[]; problems: unknown[] } {
  const records = [...out.records];
  return { records, problems: out.problems };
}

// Issue 13.3: the catalogue streamed an entry at a time gives what the whole-body parse gives.
test("kev: streamed records and problems equal the whole-body parse, in any chunk size", () => {
  const body = readFileSync(FIXTURE);
  // One entry broken, so the problems are compared too.
  const broken = Buffer.from(body.toString("utf8").replace(/"dateAdded":\s*"[^"]*"/, '"dateAdded": "yesterday"'));
  for (const b of [body, broken]) {
    const whole = read(parseKevJson(b));
    assert.ok(whole.records.length > 0);
    for (const size of [1, 3, 64, 4096, 1 << 20]) assert.deepEqual(read(parseKevSlices(chunked(b, size))), whole, `chunks of ${size}`);
  }
  assert.equal(read(parseKevJson(broken)).problems.length, 1);
});

test("kev: a cut, empty or foreign document throws FEED_INVALID while streaming, as the whole parse does", () => {
  const body = readFileSync(FIXTURE);
  const cases = [
    body.subarray(0, Math.floor(body.length / 2)),
    body.subarray(0, body.length - 3),
    Buffer.from(""),
    Buffer.from('{"title": "x"}'),
    Buffer.from('{"vulnerabilities": {"a": {}}}'),
    Buffer.from("[1]"),
    Buffer.from(`${body.toString("utf8")} {}`),
  ];
  for (const b of cases) {
    const label = b.toString("utf8").slice(-30);
    assert.equal(
      codeOf(() => [...parseKevJson(b).records]),
      "FEED_INVALID",
      `whole: ${label}`,
    );
    for (const size of [1, 7, 1 << 20])
      assert.equal(
        codeOf(() => [...parseKevSlices(chunked(b, size)).records]),
        "FEED_INVALID",
        `streamed ${size}: ${label}`,
      );
  }
  assert.deepEqual(read(parseKevSlices(chunked(Buffer.from('{"vulnerabilities": []}\n'), 5))), { records: [], problems: [] });
});

test("kev: fetchParsed of a file and of a download gives fetch + parse's fingerprint and records, and deletes the download", async () => {
  const body = readFileSync(FIXTURE);
  const [fromFile] = await kevEnrichers({ kind: "file", path: FIXTURE }, createFeedClient());
  const client = createFeedClient();
  const fetched = await fromFile!.fetch(null, client);
  const streamed = await fromFile!.fetchParsed!(null, client);
  assert.ok(fetched.status === "changed" && streamed.status === "changed");
  assert.equal(streamed.fingerprint, fetched.fingerprint);
  assert.deepEqual(read(streamed.parsed), read(fromFile!.parse(fetched.body)));
  assert.deepEqual(await fromFile!.fetchParsed!(streamed.fingerprint, client), { status: "unchanged" });

  const dir = mkdtempSync(join(tmpdir(), "claro-kev-"));
  try {
    const saved: string[] = [];
    const toDisk: FeedClient = {
      listDir: async () => [],
      get: async (url) => {
        throw new Error(`get(${url}): the catalogue should be downloaded to a file`);
      },
      download: async () => {
        const file = join(dir, `download-${saved.length}`);
        writeFileSync(file, body);
        saved.push(file);
        return { status: "changed", path: file, fingerprint: fetched.fingerprint, dispose: () => rmSync(file, { force: true }) };
      },
    };
    const [fromUrl] = await kevEnrichers({ kind: "url", url: "https://kev.example/kev.json" }, toDisk);
    const downloaded = await fromUrl!.fetchParsed!(null, toDisk);
    assert.ok(downloaded.status === "changed");
    assert.equal(downloaded.fingerprint, fetched.fingerprint);
    assert.deepEqual(read(downloaded.parsed), read(fromFile!.parse(fetched.body)));
    assert.equal(saved.length, 1);
    assert.equal(existsSync(saved[0]!), false, "the download is deleted once read");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
