import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { isFatalError } from "../core/problem.js";
import { createFeedClient } from "./feed-client.js";

let server: Server;
let base: string;
const hits: Record<string, IncomingMessage[]> = {};
let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

before(async () => {
  server = createServer((req, res) => {
    (hits[req.url ?? ""] ??= []).push(req);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test("http: ETag and Last-Modified are sent back; a 304 is 'unchanged' after one request", async () => {
  handler = (req, res) => {
    if (req.headers["if-none-match"] === '"v1"') {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { etag: '"v1"', "last-modified": "Wed, 01 Jan 2025 00:00:00 GMT" }).end('{"a":1}');
  };
  const client = createFeedClient();
  const first = await client.get(`${base}/etag`, null);
  assert.equal(first.status, "changed");
  assert.ok(first.status === "changed" && first.body.toString() === '{"a":1}');
  const fp = first.status === "changed" ? first.fingerprint : null;
  const second = await client.get(`${base}/etag`, fp);
  assert.deepEqual(second, { status: "unchanged" });
  const req = hits["/etag"]![1]!;
  assert.equal(req.headers["if-none-match"], '"v1"');
  assert.equal(req.headers["if-modified-since"], "Wed, 01 Jan 2025 00:00:00 GMT");
  assert.equal(hits["/etag"]!.length, 2);
});

test("http: a server without validators that sends the same bytes is still 'unchanged' (no write)", async () => {
  handler = (_req, res) => res.writeHead(200).end("same body");
  const client = createFeedClient();
  const first = await client.get(`${base}/plain`, null);
  assert.equal(first.status, "changed");
  const again = await client.get(`${base}/plain`, first.status === "changed" ? first.fingerprint : null);
  assert.deepEqual(again, { status: "unchanged" });
});

test("http: 429 honours Retry-After, 5xx is retried, a persistent error is FEED_UNAVAILABLE", async () => {
  let n = 0;
  handler = (_req, res) => {
    n++;
    if (n === 1) res.writeHead(429, { "retry-after": "1" }).end();
    else if (n === 2) res.writeHead(503).end();
    else res.writeHead(200).end("ok");
  };
  const t0 = Date.now();
  const r = await createFeedClient({ retries: 3 }).get(`${base}/flaky`, null);
  assert.equal(r.status, "changed");
  assert.ok(Date.now() - t0 >= 950, "waited for Retry-After");
  handler = (_req, res) => res.writeHead(500).end();
  await assert.rejects(
    createFeedClient({ retries: 1 }).get(`${base}/down`, null),
    (e) => isFatalError(e) && e.code === "FEED_UNAVAILABLE" && /HTTP 500/.test(e.message),
  );
  handler = (_req, res) => res.writeHead(404).end();
  await assert.rejects(createFeedClient({ retries: 1 }).get(`${base}/missing`, null), (e) => isFatalError(e) && /HTTP 404/.test(e.message));
  assert.equal(hits["/missing"]!.length, 1, "a 404 is not retried");
});

test("http: a hanging server times out with FEED_UNAVAILABLE", async () => {
  handler = () => undefined; // never answers
  await assert.rejects(createFeedClient({ retries: 0, timeoutMs: 200 }).get(`${base}/hang`, null), (e) => isFatalError(e) && e.code === "FEED_UNAVAILABLE");
});

test("files: fingerprint by content; a missing file is FEED_UNAVAILABLE; listDir of a missing dir is empty", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-feed-"));
  try {
    const file = join(dir, "data.json");
    writeFileSync(file, "one");
    const client = createFeedClient();
    const a = await client.get(file, null);
    assert.equal(a.status, "changed");
    assert.deepEqual(await client.get(file, a.status === "changed" ? a.fingerprint : null), { status: "unchanged" });
    writeFileSync(file, "two");
    assert.equal((await client.get(file, a.status === "changed" ? a.fingerprint : null)).status, "changed");
    await assert.rejects(client.get(join(dir, "nope.json"), null), (e) => isFatalError(e) && e.code === "FEED_UNAVAILABLE");
    assert.deepEqual(await client.listDir(join(dir, "nope")), []);
    assert.deepEqual(await client.listDir(dir), ["data.json"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test("offline: a refused connection fails at once without retries, and the host's other feeds fail without a request", async () => {
  const port = await closedPort();
  let requests = 0;
  // The real fetch, counted: retries are what made an offline update take minutes.
  const client = createFeedClient({ retries: 3, fetchImpl: (input, init) => (requests++, fetch(input, init)) });
  await assert.rejects(
    client.get(`http://127.0.0.1:${port}/v3.9/main.json`, null),
    (e) => isFatalError(e) && e.code === "FEED_UNAVAILABLE" && e.message.includes(`127.0.0.1:${port}`) && /ECONNREFUSED/.test(e.message),
  );
  assert.equal(requests, 1, "ECONNREFUSED is a definite answer: not retried");
  await assert.rejects(
    client.get(`http://127.0.0.1:${port}/v3.9/community.json`, null),
    (e) => isFatalError(e) && /ECONNREFUSED/.test(e.message) && /did not connect moments ago/.test(e.message),
  );
  assert.equal(requests, 1, "a second feed on the unreachable host is not tried again within the run");
  // Another client (the next update run) tries again.
  await assert.rejects(
    createFeedClient({ retries: 0 }).get(`http://127.0.0.1:${port}/v3.9/community.json`, null),
    (e) => isFatalError(e) && !/moments ago/.test(e.message),
  );
});

test("a connection dropped before the answer is retried (a transient failure), within the connect budget", async () => {
  let n = 0;
  handler = (req, res) => {
    n++;
    if (n <= 2) req.socket.destroy();
    else res.writeHead(200).end("after two drops");
  };
  const r = await createFeedClient({ retries: 3 }).get(`${base}/dropped`, null);
  assert.ok(r.status === "changed" && r.body.toString() === "after two drops");
  assert.equal(hits["/dropped"]!.length, 3);
  // With no budget left, the first drop is final.
  n = 0;
  await assert.rejects(
    createFeedClient({ retries: 3, connectTimeoutMs: 0 }).get(`${base}/dropped-once`, null),
    (e) => isFatalError(e) && e.code === "FEED_UNAVAILABLE",
  );
  assert.equal(hits["/dropped-once"]!.length, 1);
});

test("a host that accepts no connection fails once its connect timeout (10 s) passes, without a retry", { timeout: 60_000 }, async (t) => {
  // A listening socket whose accept queue is full and never drained: the kernel drops further
  // SYNs, so a connection hangs as it does to a firewalled host. Node accepts every connection
  // itself, so a python3 process holds the socket.
  const holder = spawn("python3", ["-c", BLACKHOLE], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number | null>((resolve) => {
    holder.on("error", () => resolve(null));
    holder.stdout.setEncoding("utf8").once("data", (d: string) => resolve(Number(d.trim())));
  });
  if (port === null) return t.skip("python3 is not installed");
  try {
    let requests = 0;
    const client = createFeedClient({ retries: 3, fetchImpl: (input, init) => (requests++, fetch(input, init)) });
    await assert.rejects(
      client.get(`http://127.0.0.1:${port}/feed.json`, null),
      (e) => isFatalError(e) && /Connect Timeout|no connection within/.test(e.message),
    );
    assert.equal(requests, 1, "a connect timeout is not retried: it would add 10 s a time");
    await assert.rejects(client.get(`http://127.0.0.1:${port}/other.json`, null), (e) => isFatalError(e) && /did not connect moments ago/.test(e.message));
    assert.equal(requests, 1);
  } finally {
    holder.kill();
  }
});

const BLACKHOLE = `
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
port = s.getsockname()[1]
fill = []
for _ in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", port))
    except BlockingIOError: pass
    fill.append(c)
print(port, flush=True)
time.sleep(300)
`;
