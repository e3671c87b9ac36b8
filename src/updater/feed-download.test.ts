import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { writeDebianFeed } from "../../bench/feeds/debian.js";
import type { FeedClient } from "../contracts/updater.js";
import { FatalError } from "../core/problem.js";
import { debianUpdater } from "../ecosystems/debian/updater.js";
import { createFeedClient } from "./feed-client.js";

// Issue 13.3: a feed given by URL is streamed to a temporary file and parsed from it as a local
// file is, so the body is never a Buffer in memory; the file goes once the records are read.

const work = mkdtempSync(join(tmpdir(), "claro-feed-download-test-"));
const feed = join(work, "data.json");
// The downloads' temporary directories land here (os.tmpdir() reads TMPDIR), where the test can see them.
const temp = join(work, "tmp");
let written: { bytes: number; records: number };
let server: Server;
let base: string;
let etag: string;

function downloads(): string[] {
  return readdirSync(temp).filter((n) => n.startsWith("claro-feed-"));
}

/** The engine's client with `get` forbidden: a URL feed must come through `download`. */
function downloadOnly(client: FeedClient): FeedClient {
  return {
    ...client,
    get: (location) => {
      throw new Error(`get(${location}) holds the body in memory; the URL feed should be downloaded to a file`);
    },
  };
}

before(async () => {
  written = writeDebianFeed(feed, { seed: 7, pairs: 30_000 });
  etag = `"${createHash("sha256").update(readFileSync(feed)).digest("hex").slice(0, 16)}"`;
  mkdirSync(temp);
  process.env["TMPDIR"] = temp;
  server = createServer((req, res) => {
    const size = statSync(feed).size;
    if (req.url === "/etag/data.json" && req.headers["if-none-match"] === etag) {
      res.writeHead(304).end();
      return;
    }
    // `/chunked/` sends no length, so only the bytes received can tell the body is too large.
    const headers: Record<string, string | number> = req.url?.startsWith("/chunked/") ? {} : { "content-length": size };
    if (req.url === "/etag/data.json") headers["etag"] = etag;
    res.writeHead(200, { "content-type": "application/json", ...headers });
    createReadStream(feed).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

describe("feeds downloaded by URL", () => {
  it("parses a large URL feed from a temporary file, not from a body in memory, and deletes the file", async () => {
    assert.ok(written.bytes > 20e6, `the feed is large (${written.bytes} bytes)`);
    const updater = debianUpdater({ kind: "url", url: `${base}/plain/data.json` });
    const outcome = await updater.fetchParsed!(null, downloadOnly(createFeedClient()));
    assert.equal(outcome.status, "changed");
    if (outcome.status !== "changed") return;
    const [dir, more] = downloads();
    assert.equal(more, undefined);
    assert.ok(dir !== undefined, "the body is on disk while the records are read");
    const body = join(temp, dir, "body");
    assert.equal(statSync(body).size, statSync(feed).size);
    assert.equal(JSON.parse(outcome.fingerprint).sha256, createHash("sha256").update(readFileSync(feed)).digest("hex"));
    let count = 0;
    for (const a of outcome.parsed.advisories) {
      if (count === 0) assert.equal(statSync(body).size, statSync(feed).size, "the file stays while it is parsed");
      assert.equal(a.updater, "debian");
      count += 1;
    }
    assert.equal(count, written.records);
    assert.deepEqual(outcome.parsed.problems, []);
    assert.deepEqual(downloads(), [], "the file is gone once the records are read");
  });

  it("answers unchanged for a 304 or for the same body, leaving no file behind", async () => {
    const client = downloadOnly(createFeedClient());
    const updater = debianUpdater({ kind: "url", url: `${base}/etag/data.json` });
    const first = await updater.fetchParsed!(null, client);
    assert.equal(first.status, "changed");
    if (first.status !== "changed") return;
    assert.equal(JSON.parse(first.fingerprint).etag, etag);
    first.parsed.dispose?.();
    assert.deepEqual(downloads(), [], "dispose deletes a download whose records were never read");
    assert.deepEqual(await updater.fetchParsed!(first.fingerprint, client), { status: "unchanged" });
    // No validators on this path: the body is downloaded again, and its hash says unchanged.
    const plain = debianUpdater({ kind: "url", url: `${base}/plain/data.json` });
    const sha = JSON.stringify({ sha256: JSON.parse(first.fingerprint).sha256 });
    assert.deepEqual(await plain.fetchParsed!(sha, client), { status: "unchanged" });
    assert.deepEqual(downloads(), []);
  });

  it("refuses a body over the size bound, announced or not, and deletes what it received", async () => {
    const client = createFeedClient({ maxBodyBytes: 1_000_000, retries: 0 });
    for (const path of ["/plain/data.json", "/chunked/data.json"]) {
      await assert.rejects(
        client.download!(`${base}${path}`, null),
        (e) => e instanceof FatalError && e.code === "FEED_INVALID" && /larger than 1000000 bytes/.test(e.message),
      );
      assert.deepEqual(downloads(), [], path);
    }
  });
});
