import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../cli/pipeline.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { ensureRegistry } from "../../test/support/registry.js";
import type { Digest } from "../core/digest.js";
import { gzip, makeTar } from "../image/testdata/synthetic.js";
import { openIndexStore } from "../store/open-index-store.js";
import { openStore } from "../store/open-store.js";
import { openV2LayerStore } from "../store/open-side-stores.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "./build-server.js";
import type { ServerDeps } from "./index-service.js";

// §6 of issue 3: every bad request gets its API's documented status and error body
// (landscape-and-apis §2a–2c), against a real server on real PostgreSQL and the real test registry.
const MAX_LAYER = 256 * 1024;
const BODY_LIMIT = 64 * 1024;
const ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
const HARBOR_REQ = "application/vnd.scanner.adapter.scan.request+json; version=1.1";
const HARBOR_REPORT = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
const UNKNOWN = `sha256:${"0".repeat(64)}`;
/** A well-formed layer (gzip'd tar, one incompressible file) over the limit, so only the size can fail it. */
let big: Buffer = Buffer.alloc(0);
let bigHash = "";
/** Not a tar at all, under the size limit, sent in several chunks (the reader gives up mid-stream). */
const garbage = Buffer.alloc(MAX_LAYER - 1024, 7);
const garbageHash = `sha256:${createHash("sha256").update(garbage).digest("hex")}`;

const schema = uniqueSchema();
let deps: ServerDeps;
let app: FastifyInstance;
let base = "";
let host = "";
let blobs: Server;
let blobBase = "";
/** bookworm-multilayer's manifest digest and its largest layer (well over MAX_LAYER). */
let image = { digest: "", layer: { digest: "", size: 0 } };

before(async () => {
  host = await ensureRegistry({ auth: "none" }, 5020);
  const url = withSchema(await pgTestUrl(), schema);
  deps = {
    indexStore: await openIndexStore(url),
    advisoryStore: await openStore(url),
    v2Layers: openV2LayerStore(url),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, bodyLimit: BODY_LIMIT, maxLayerBytes: MAX_LAYER });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  big = gzip(
    await makeTar([
      { name: "etc/os-release", content: 'ID=debian\nVERSION_ID="12"\n' },
      { name: "data.bin", content: randomBytes(3 * MAX_LAYER) },
    ]),
  );
  bigHash = `sha256:${createHash("sha256").update(big).digest("hex")}`;
  // A blob server that streams without Content-Length, so only counting the bytes catches the size.
  blobs = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    const body = req.url?.endsWith("/garbage") ? garbage : big;
    let sent = 0;
    const push = (): void => {
      if (sent >= body.length) return void res.end();
      res.write(body.subarray(sent, sent + 16 * 1024), push);
      sent += 16 * 1024;
    };
    push();
  });
  await new Promise<void>((resolve) => blobs.listen(0, "127.0.0.1", resolve));
  blobBase = `http://127.0.0.1:${(blobs.address() as AddressInfo).port}`;
  let res = await fetch(`http://${host}/v2/test/debian-bookworm/manifests/bookworm-multilayer`, { headers: { accept: ACCEPT } });
  let doc = (await res.json()) as { manifests?: { digest: string; platform?: { architecture: string } }[]; layers?: { digest: string; size: number }[] };
  let digest = res.headers.get("docker-content-digest") ?? "";
  if (doc.manifests) {
    digest = (doc.manifests.find((m) => m.platform?.architecture === "amd64") ?? doc.manifests[0]!).digest;
    res = await fetch(`http://${host}/v2/test/debian-bookworm/manifests/${digest}`, { headers: { accept: ACCEPT } });
    doc = (await res.json()) as typeof doc;
  }
  const layer = [...(doc.layers ?? [])].sort((a, b) => b.size - a.size)[0]!;
  image = { digest, layer };
  assert.ok(layer.size > MAX_LAYER, `the largest layer (${layer.size} bytes) must exceed the test limit`);
});

after(async () => {
  await app.close();
  await new Promise<void>((resolve) => blobs.close(() => resolve()));
  await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), deps.v2Layers?.close()]);
  await dropSchema(schema);
});

const send = (path: string, method: string, type: string | null, body?: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base}${path}`, {
    method,
    redirect: "manual",
    headers: { ...(type !== null ? { "content-type": type } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });

type Api = "v4" | "v2" | "harbor";
const TYPES: Record<Api, RegExp> = {
  v4: /^application\/vnd\.clair\.error\.v1\+json/,
  v2: /^application\/json;\s?charset=utf-8$/,
  harbor: /^application\/vnd\.scanner\.adapter\.error\+json; version=1\.0$/,
};

/** Asserts the status, the API's error media type and envelope shape, and the message; returns the message. */
async function expectError(api: Api, res: Response, status: number, pattern: RegExp): Promise<string> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  assert.match(res.headers.get("content-type") ?? "", TYPES[api]);
  const body = JSON.parse(text) as Record<string, unknown>;
  let message: unknown;
  if (api === "v4") {
    // Clair v4: {code?, message}.
    assert.deepEqual(Object.keys(body).sort(), ["code", "message"], text);
    assert.equal(typeof body["code"], "string");
    message = body["message"];
  } else if (api === "v2") {
    // Clair v2: {"Error":{"Message"}}.
    assert.deepEqual(Object.keys(body), ["Error"], text);
    message = (body["Error"] as { Message?: unknown }).Message;
  } else {
    // Harbor: {"error":{"message"}}.
    assert.deepEqual(Object.keys(body), ["error"], text);
    message = (body["error"] as { message?: unknown }).message;
  }
  assert.equal(typeof message, "string", text);
  assert.match(message as string, pattern);
  return message as string;
}

const v4Manifest = (hash: string, layers: { hash: string; uri: string }[]): string => JSON.stringify({ hash, layers });
const v2Layer = (name: string, path: string, parent?: string): string =>
  JSON.stringify({ Layer: { Name: name, Path: path, Format: "Docker", ...(parent ? { ParentName: parent } : {}) } });
const harborScan = (digest: string, url = `http://${host}`): string =>
  JSON.stringify({ registry: { url }, artifact: { repository: "test/debian-bookworm", digest, mime_type: "application/vnd.oci.image.manifest.v1+json" } });

test("malformed JSON: 400 on every API, in its own envelope", async () => {
  await expectError(
    "v4",
    await send("/indexer/api/v1/index_report", "POST", "application/vnd.clair.manifest.v1+json", '{"hash": '),
    400,
    /JSON|Unexpected|unterminated/i,
  );
  await expectError("v4", await send("/indexer/api/v1/index_report", "POST", "application/json", ""), 400, /empty/i);
  await expectError("v2", await send("/v1/layers", "POST", "application/json", "{Layer:"), 400, /JSON|Unexpected/i);
  await expectError("harbor", await send("/api/v1/scan", "POST", HARBOR_REQ, "[1,"), 400, /JSON|Unexpected/i);
});

test("unknown media types: 415 on the Clair v4, v2 and Harbor routes (text/plain included, no body parsed)", async () => {
  const body = v4Manifest(UNKNOWN, []);
  for (const type of ["text/plain", "application/xml", "application/x-www-form-urlencoded"]) {
    await expectError("v4", await send("/indexer/api/v1/index_report", "POST", type, body), 415, /content type/);
    await expectError("v2", await send("/v1/layers", "POST", type, v2Layer("a", `${blobBase}/x`)), 415, /media type/i);
    await expectError("harbor", await send("/api/v1/scan", "POST", type, harborScan(image.digest)), 415, /content type/);
  }
  await expectError("harbor", await send("/api/v1/scan", "POST", null, harborScan(image.digest)), 415, /content type/);
  assert.equal(await deps.indexStore.get(UNKNOWN as Digest), null);
});

test("wrong digests: 400 for Clair v4 bodies and paths, 422 (invalid request) for Harbor", async () => {
  await expectError("v4", await send("/indexer/api/v1/index_report", "POST", "application/json", v4Manifest("sha256:xyz", [])), 400, /hash/);
  await expectError(
    "v4",
    await send("/indexer/api/v1/index_report", "POST", "application/json", v4Manifest(UNKNOWN, [{ hash: "md5:abc", uri: `${blobBase}/x` }])),
    400,
    /hash/,
  );
  for (const path of [
    "/indexer/api/v1/index_report/sha256:nothex",
    `/matcher/api/v1/vulnerability_report/${UNKNOWN.toUpperCase()}`,
    "/indexer/api/v1/index_report/sha512:00",
  ]) {
    await expectError("v4", await send(path, "GET", null), 400, /digest/);
  }
  await expectError("v4", await send("/indexer/api/v1/index_report/sha256:nothex", "DELETE", null), 400, /digest/);
  await expectError("harbor", await send("/api/v1/scan", "POST", HARBOR_REQ, harborScan("sha256:1234")), 422, /digest/);
});

test("unknown manifests, layers and scans: 404", async () => {
  await expectError("v4", await send(`/indexer/api/v1/index_report/${UNKNOWN}`, "GET", null), 404, /not indexed/);
  await expectError("v4", await send(`/indexer/api/v1/index_report/${UNKNOWN}`, "DELETE", null), 404, /not indexed/);
  await expectError("v4", await send(`/matcher/api/v1/vulnerability_report/${UNKNOWN}`, "GET", null), 404, /not indexed/);
  await expectError("v2", await send("/v1/layers/no-such-layer?vulnerabilities", "GET", null), 404, /cannot be found/);
  await expectError("v2", await send("/v1/layers/no-such-layer", "DELETE", null), 404, /cannot be found/);
  await expectError(
    "harbor",
    await send("/api/v1/scan/00000000-0000-4000-8000-000000000000/report", "GET", null, undefined, { accept: HARBOR_REPORT }),
    404,
    /unknown/,
  );
  // Clair v2: a child of an unknown layer is 400 (§2a), and is not stored either.
  await expectError(
    "v2",
    await send("/v1/layers", "POST", "application/json", v2Layer("orphan", `${blobBase}/x`, "no-such-parent")),
    400,
    /parent layer is unknown/,
  );
  assert.equal((await send("/v1/layers/orphan", "GET", null)).status, 404);
});

test("oversize request bodies: 413 before anything is parsed or stored", async () => {
  const pad = "x".repeat(BODY_LIMIT + 1);
  await expectError(
    "v4",
    await send("/indexer/api/v1/index_report", "POST", "application/json", JSON.stringify({ hash: UNKNOWN, layers: [], pad })),
    413,
    /too large/i,
  );
  await expectError(
    "v2",
    await send("/v1/layers", "POST", "application/json", JSON.stringify({ Layer: { Name: "huge", Path: `${blobBase}/x`, Format: "Docker", pad } })),
    413,
    /too large/i,
  );
  await expectError("harbor", await send("/api/v1/scan", "POST", HARBOR_REQ, JSON.stringify({ pad })), 413, /too large/i);
  assert.equal(await deps.indexStore.get(UNKNOWN as Digest), null);
  assert.equal((await send("/v1/layers/huge", "GET", null)).status, 404);
});

/** Both ways a layer can be too big: the real registry says so in Content-Length; the loopback server streams without a length. */
const oversize = (): { hash: string; layer: { hash: string; uri: string } }[] => [
  { hash: image.digest, layer: { hash: image.layer.digest, uri: `http://${host}/v2/test/debian-bookworm/blobs/${image.layer.digest}` } },
  { hash: `sha256:${"a".repeat(64)}`, layer: { hash: bigHash, uri: `${blobBase}/blob` } },
];

test("Clair v4: an oversize layer is 422 FILE_TOO_LARGE and leaves nothing half-indexed", async () => {
  for (const c of oversize()) {
    const msg = await expectError(
      "v4",
      await send("/indexer/api/v1/index_report", "POST", "application/vnd.clair.manifest.v1+json", v4Manifest(c.hash, [c.layer])),
      422,
      /exceeds the 262144-byte layer limit/,
    );
    assert.match(msg, new RegExp(c.layer.hash));
    // No report, no packages: at most the failure itself is on record.
    const row = await deps.indexStore.get(c.hash as Digest);
    assert.ok(row === null || (row.state === "IndexError" && row.report === null && /FILE_TOO_LARGE/.test(row.error ?? "")), JSON.stringify(row));
    await expectError("v4", await send(`/matcher/api/v1/vulnerability_report/${c.hash}`, "GET", null), 404, /not indexed/);
  }
});

test("Clair v4: a failed index shows as IndexError with its reason and no packages, as Clair's GET index_report does", async () => {
  for (const c of oversize()) {
    const res = await send(`/indexer/api/v1/index_report/${c.hash}`, "GET", null);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { state: string; success: boolean; err: string; packages: Record<string, unknown> };
    assert.equal(body.state, "IndexError");
    assert.equal(body.success, false);
    assert.match(body.err, /FILE_TOO_LARGE/);
    assert.deepEqual(body.packages, {});
  }
});

test("Clair v2: an oversize layer is 422 (could not extract) and is not stored", async () => {
  for (const [i, c] of oversize().entries()) {
    // A /blobs/<digest> path makes claro verify the blob as Clair v2 never did.
    const path = i === 0 ? c.layer.uri : `${blobBase}/v2/x/blobs/${bigHash}`;
    await expectError(
      "v2",
      await send("/v1/layers", "POST", "application/json", v2Layer(`too-big-${i}`, path)),
      422,
      /could not extract the layer: .*exceeds the 262144-byte layer limit/,
    );
    await expectError("v2", await send(`/v1/layers/too-big-${i}?features`, "GET", null), 404, /cannot be found/);
  }
});

test("Harbor: a scan with an oversize layer is accepted (202), then fails with the size error", async () => {
  const accepted = await send("/api/v1/scan", "POST", HARBOR_REQ, harborScan(image.digest));
  assert.equal(accepted.status, 202, await accepted.clone().text());
  const { id } = (await accepted.json()) as { id: string };
  let res: Response;
  for (let i = 0; ; i++) {
    res = await send(`/api/v1/scan/${id}/report`, "GET", null, undefined, { accept: HARBOR_REPORT });
    if (res.status !== 302 || i > 600) break;
    await res.arrayBuffer();
    await sleep(100);
  }
  await expectError("harbor", res, 500, /FILE_TOO_LARGE: layer sha256:[0-9a-f]{64} exceeds the 262144-byte layer limit/);
});

test("a layer that is not a tar is 422, nothing is stored, and the server stays up (the reader quits mid-stream)", async () => {
  const hash = `sha256:${"b".repeat(64)}`;
  const msg = await expectError(
    "v4",
    await send("/indexer/api/v1/index_report", "POST", "application/json", v4Manifest(hash, [{ hash: garbageHash, uri: `${blobBase}/garbage` }])),
    422,
    /tar|gzip|corrupt/i,
  );
  assert.match(msg, new RegExp(garbageHash));
  await expectError("v4", await send(`/matcher/api/v1/vulnerability_report/${hash}`, "GET", null), 404, /not indexed/);
  await expectError(
    "v2",
    await send("/v1/layers", "POST", "application/json", v2Layer("garbage", `${blobBase}/v2/x/blobs/${garbageHash}`)),
    422,
    /could not extract the layer/,
  );
  assert.equal((await send("/v1/layers/garbage", "GET", null)).status, 404);
  // An unhandled stream error here used to be an uncaughtException: the process, not the request, died.
  await sleep(200);
  assert.equal((await send("/healthz", "GET", null)).status, 200);
});
