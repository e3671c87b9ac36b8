import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { analyseWithClair, fetchKlarImage, klarLayerNames, type KlarImage } from "../../cli/klar-client.js";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { claro } from "../../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import { openV2LayerStore } from "../../store/open-side-stores.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";

const schema = uniqueSchema();
let app: FastifyInstance;
let base = "";
let deps: ServerDeps;
let host = "";
let dbUrl = "";

const klarOpts = { os: "linux", arch: "amd64", timeoutMs: 60_000, dockerConfig: false } as const;

before(async () => {
  host = await ensureRegistry({ auth: "token" }, 5000);
  dbUrl = withSchema(await pgTestUrl(), schema);
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  const update = await claro(["db", "update", "--db", dbUrl, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  deps = {
    indexStore: await openIndexStore(dbUrl),
    advisoryStore: await openStore(dbUrl),
    v2Layers: openV2LayerStore(dbUrl),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await deps.indexStore.close();
  await deps.advisoryStore.close();
  await deps.v2Layers?.close();
  await dropSchema(schema);
});

async function checkBookworm(ref: string): Promise<void> {
  const img: KlarImage = await fetchKlarImage(`${host}/test/debian-bookworm:${ref}`, klarOpts);
  assert.equal(img.layers.length, 5);
  assert.match(img.authorization ?? "", /^Bearer /, "the token registry hands out a bearer token for the layers");
  const names = klarLayerNames(img);
  assert.equal(names[0], img.configDigest.slice(7) + img.layers[0]!.slice(7));
  const features = await analyseWithClair(base, img, 120_000);
  assert.equal(features.length, 120, "the 120 dpkg packages");
  const openssl = features.find((f) => f.Name === "openssl");
  assert.equal(openssl?.Version, "3.0.20-1~deb12u2");
  assert.ok(
    openssl.Vulnerabilities?.some((v) => typeof v.FixedBy === "string" && v.FixedBy.startsWith("3.0.")),
    JSON.stringify(openssl.Vulnerabilities),
  );
  const expat = features.find((f) => f.Name === "libexpat1");
  assert.ok(
    expat?.Vulnerabilities?.some((v) => v.FixedBy === "2.5.0-1+deb12u5"),
    JSON.stringify(expat?.Vulnerabilities),
  );
  for (const v of [...(openssl.Vulnerabilities ?? []), ...(expat?.Vulnerabilities ?? [])]) {
    assert.ok(["Unknown", "Negligible", "Low", "Medium", "High", "Critical"].includes(v.Severity), v.Severity);
    assert.equal(v.NamespaceName, "debian:12");
  }
  // Base packages come from the first layer; openssl was added by a later one.
  assert.equal(features.find((f) => f.Name === "base-files")?.AddedBy, names[0]);
  assert.ok(openssl.AddedBy !== undefined && names.indexOf(openssl.AddedBy) > 0, `openssl AddedBy ${openssl.AddedBy}`);
  assert.ok(features.every((f) => f.AddedBy !== undefined && names.includes(f.AddedBy)));

  // ?features alone: no vulnerabilities; neither flag: no features.
  const plain = (await (await fetch(`${base}/v1/layers/${names[4]}?features`)).json()) as {
    Layer: { Features: { Vulnerabilities?: unknown }[]; NamespaceName: string; ParentName: string; IndexedByVersion: number };
  };
  assert.equal(plain.Layer.Features.length, 120);
  assert.ok(plain.Layer.Features.every((f) => f.Vulnerabilities === undefined));
  assert.equal(plain.Layer.NamespaceName, "debian:12");
  assert.equal(plain.Layer.ParentName, names[3]);
  assert.equal(plain.Layer.IndexedByVersion, 3);
  const bare = await fetch(`${base}/v1/layers/${names[0]}`);
  assert.equal(bare.headers.get("server"), "clair");
  assert.equal(bare.headers.get("content-type"), "application/json;charset=utf-8");
  assert.equal(((await bare.json()) as { Layer: { Features?: unknown } }).Layer.Features, undefined);
}

test("Klar protocol over the token registry: bookworm-multilayer (OCI manifest)", async () => {
  await checkBookworm("bookworm-multilayer");
});

test("Klar protocol over the token registry: bookworm-multilayer-v2s2 (Docker v2 manifest)", async () => {
  await checkBookworm("bookworm-multilayer-v2s2");
});

test("a chain without an OS is stored with an empty namespace and a reason; its children still index", async () => {
  const img = await fetchKlarImage(`${host}/test/busybox-multiarch:multiarch`, klarOpts);
  const names = klarLayerNames(img);
  const features = await analyseWithClair(base, img, 60_000);
  assert.deepEqual(features, []);
  const doc = (await (await fetch(`${base}/v1/layers/${names[names.length - 1]}?features`)).json()) as { Layer: { NamespaceName?: string; Warning?: string } };
  assert.equal(doc.Layer.NamespaceName, undefined);
  assert.match(doc.Layer.Warning ?? "", /no operating system detected/);
  // A child of the OS-less layer indexes (Clair v2 answered 400 "parent layer is unknown").
  const child = await fetch(`${base}/v1/layers`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      Layer: {
        Name: `${names[0]}-child`,
        ParentName: names[0],
        Format: "Docker",
        Path: `http://${host}/v2/test/busybox-multiarch/blobs/${img.layers[0]}`,
        Headers: { Authorization: img.authorization },
      },
    }),
  });
  assert.equal(child.status, 201, await child.clone().text());
  // DELETE removes the layer and its children.
  assert.equal((await fetch(`${base}/v1/layers/${names[0]}`, { method: "DELETE" })).status, 200);
  assert.equal((await fetch(`${base}/v1/layers/${names[0]}-child`)).status, 404);
});

test("error envelopes: unknown parent 400, unknown layer 404, bad body 400, limit required", async () => {
  const res = await fetch(`${base}/v1/layers`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Layer: { Name: "orphan", ParentName: "nope", Format: "Docker", Path: `http://${host}/v2/x/blobs/sha256:${"0".repeat(64)}` } }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { Error: { Message: "worker: parent layer is unknown, it must be processed first" } });
  const missing = await fetch(`${base}/v1/layers/does-not-exist?vulnerabilities`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { Error: { Message: "the resource cannot be found" } });
  const bad = await fetch(`${base}/v1/layers`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Layer: { Name: "x" } }),
  });
  assert.equal(bad.status, 400);
  assert.ok(typeof ((await bad.json()) as { Error: { Message: string } }).Error.Message === "string");
  assert.equal((await fetch(`${base}/v1/namespaces/debian%3A12/vulnerabilities`)).status, 400);
  assert.equal((await fetch(`${base}/v1/notifications/abc`)).status, 404);
});

test("namespaces and their vulnerabilities, paged", async () => {
  const ns = (await (await fetch(`${base}/v1/namespaces`)).json()) as { Namespaces: { Name: string; VersionFormat: string }[] };
  assert.ok(
    ns.Namespaces.some((n) => n.Name === "debian:12" && n.VersionFormat === "dpkg"),
    JSON.stringify(ns),
  );
  const p1 = (await (await fetch(`${base}/v1/namespaces/debian%3A12/vulnerabilities?limit=3`)).json()) as {
    Vulnerabilities: { Name: string }[];
    NextPage: string;
  };
  assert.equal(p1.Vulnerabilities.length, 3);
  assert.ok(p1.NextPage);
  const p2 = (await (await fetch(`${base}/v1/namespaces/debian%3A12/vulnerabilities?limit=3&page=${p1.NextPage}`)).json()) as {
    Vulnerabilities: { Name: string }[];
  };
  assert.equal(p2.Vulnerabilities.length, 3);
  assert.ok(p2.Vulnerabilities.every((v) => !p1.Vulnerabilities.some((w) => w.Name === v.Name)));
});

test("claro klar: exit 1 over CLAIR_THRESHOLD=0, 0 under a high threshold, 2 when Clair is unreachable", async () => {
  const image = `${host}/test/debian-bookworm:bookworm-multilayer`;
  const over = await claro(["klar", image], { CLAIR_ADDR: base, CLAIR_THRESHOLD: "0", JSON_OUTPUT: "true" });
  assert.equal(over.code, 1, over.stderr);
  const doc = JSON.parse(over.stdout) as { LayerCount: number; Vulnerabilities: Record<string, { Name: string; FeatureName: string; FixedBy?: string }[]> };
  assert.equal(doc.LayerCount, 5);
  assert.ok(
    Object.values(doc.Vulnerabilities)
      .flat()
      .some((v) => v.FeatureName === "libexpat1" && v.FixedBy === "2.5.0-1+deb12u5"),
  );
  const under = await claro(["klar", image], { CLAIR_ADDR: base.replace(/^http:\/\//, ""), CLAIR_THRESHOLD: "100000" });
  assert.equal(under.code, 0, under.stderr);
  assert.match(under.stdout, /^Found \d+ vulnerabilities$/m);
  const closed = await claro(["klar", image], { CLAIR_ADDR: "127.0.0.1:1", CLAIR_THRESHOLD: "0" });
  assert.equal(closed.code, 2, closed.stdout);
  assert.match(closed.stderr, /cannot reach Clair/);
  assert.doesNotMatch(closed.stdout, /Found 0 vulnerabilities/);
});
