import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../cli/pipeline.js";
import { claro } from "../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { sharedPath } from "../../test/support/shared.js";
import { openIndexStore } from "../store/open-index-store.js";
import { openStore } from "../store/open-store.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "./build-server.js";
import { signPsk } from "./jwt.js";
import type { ServerDeps } from "./index-service.js";

const ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
const KEY = Buffer.from("claro-test-pre-shared-key-0123456789").toString("base64");
const schema = uniqueSchema();
let app: FastifyInstance;
let base = "";
let deps: ServerDeps;
let host = "";

interface ClairManifestJson {
  hash: string;
  layers: { hash: string; uri: string; headers: Record<string, string[]>; media_type: string }[];
}

/** The Clair manifest a client (e.g. clairctl) would send for a registry image. */
async function clairManifest(repo: string, ref: string): Promise<ClairManifestJson> {
  let res = await fetch(`http://${host}/v2/${repo}/manifests/${ref}`, { headers: { accept: ACCEPT } });
  let doc = (await res.json()) as { manifests?: { digest: string; platform?: { architecture: string } }[]; layers?: { digest: string; mediaType: string }[] };
  let digest = res.headers.get("docker-content-digest") ?? "";
  if (doc.manifests) {
    const m = doc.manifests.find((x) => x.platform?.architecture === "amd64") ?? doc.manifests[0]!;
    res = await fetch(`http://${host}/v2/${repo}/manifests/${m.digest}`, { headers: { accept: ACCEPT } });
    doc = (await res.json()) as typeof doc;
    digest = m.digest;
  }
  return {
    hash: digest,
    layers: (doc.layers ?? [])
      .map((l) => ({
        hash: l.digest,
        uri: `http://${host}/v2/${repo}/blobs/${l.digest}`,
        headers: {},
        media_type: l.mediaType
          .replace("docker.image.rootfs.diff.tar.gzip", "oci.image.layer.v1.tar+gzip")
          .replace("application/vnd.docker", "application/vnd.oci"),
      }))
      .map((l) => ({
        ...l,
        media_type: l.media_type.startsWith("application/vnd.oci.image.layer") ? l.media_type : "application/vnd.oci.image.layer.v1.tar+gzip",
      })),
  };
}

const post = (body: string, type = "application/vnd.clair.manifest.v1+json", headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base}/indexer/api/v1/index_report`, { method: "POST", headers: { "content-type": type, ...headers }, body });

before(async () => {
  host = await ensureRegistry({ auth: "none" }, 5020);
  const url = withSchema(await pgTestUrl(), schema);
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  const update = await claro(["db", "update", "--db", url, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  deps = { indexStore: await openIndexStore(url), advisoryStore: await openStore(url), scanners: registeredScanners(), matchers: registeredMatchers() };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, bodyLimit: 64 * 1024 });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await deps.indexStore.close();
  await deps.advisoryStore.close();
  await dropSchema(schema);
});

test("index bookworm-multilayer from the registry, then its Clair vulnerability report", async () => {
  const manifest = await clairManifest("test/debian-bookworm", "bookworm-multilayer");
  const res = await post(JSON.stringify(manifest));
  assert.equal(res.status, 201, await res.clone().text());
  assert.match(res.headers.get("content-type") ?? "", /^application\/vnd\.clair\.index_report\.v1\+json/);
  assert.equal(res.headers.get("location"), `/indexer/api/v1/index_report/${manifest.hash}`);
  const index = (await res.json()) as {
    state: string;
    success: boolean;
    packages: Record<string, { name: string }>;
    environments: Record<string, { introduced_in: string }[]>;
  };
  assert.equal(index.state, "IndexFinished");
  const names = Object.values(index.packages).map((p) => p.name);
  assert.ok(names.includes("openssl") && names.includes("libexpat1"), names.join(","));
  const layerHashes = new Set(manifest.layers.map((l) => l.hash));
  for (const envs of Object.values(index.environments)) assert.ok(layerHashes.has(envs[0]!.introduced_in));

  const again = await post(JSON.stringify(manifest), "application/json");
  assert.equal(again.status, 201);
  assert.equal(((await again.json()) as { state: string }).state, "IndexFinished");
  assert.equal((await fetch(`${base}/indexer/api/v1/index_report/${manifest.hash}`)).status, 200);

  const vr = await fetch(`${base}/matcher/api/v1/vulnerability_report/${manifest.hash}`);
  assert.equal(vr.status, 201);
  assert.match(vr.headers.get("content-type") ?? "", /^application\/vnd\.clair\.vulnerability_report\.v1\+json/);
  const doc = (await vr.json()) as {
    manifest_hash: string;
    packages: Record<string, { name: string }>;
    vulnerabilities: Record<string, { name: string; normalized_severity: string; fixed_in_version: string; package: { name: string } }>;
    package_vulnerabilities: Record<string, string[]>;
  };
  assert.equal(doc.manifest_hash, manifest.hash);
  const hit = (pkg: string): string[] =>
    Object.entries(doc.package_vulnerabilities)
      .filter(([p]) => doc.packages[p]?.name === pkg)
      .flatMap(([, ids]) => ids.map((id) => doc.vulnerabilities[id]!.name));
  assert.ok(hit("openssl").length > 0, "openssl findings");
  assert.ok(hit("libexpat1").length > 0, "libexpat1 findings");
  for (const v of Object.values(doc.vulnerabilities)) assert.match(v.normalized_severity, /^(Unknown|Negligible|Low|Medium|High|Critical)$/);

  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /claro_http_requests_total\{method="POST",route="\/indexer\/api\/v1\/index_report",status="201"\} 2/);
  assert.match(metrics, /claro_index_jobs_total\{outcome="cached"\} 1/);

  assert.equal((await fetch(`${base}/indexer/api/v1/index_report/${manifest.hash}`, { method: "DELETE" })).status, 204);
  assert.equal((await fetch(`${base}/indexer/api/v1/index_report/${manifest.hash}`)).status, 404);
});

test("unknown digest 404, wrong media type 415, malformed JSON and bad digest 400, oversize body 413", async () => {
  const unknown = `sha256:${"0".repeat(64)}`;
  for (const path of [`/indexer/api/v1/index_report/${unknown}`, `/matcher/api/v1/vulnerability_report/${unknown}`]) {
    const r = await fetch(`${base}${path}`);
    assert.equal(r.status, 404);
    assert.match(r.headers.get("content-type") ?? "", /^application\/vnd\.clair\.error\.v1\+json/);
  }
  assert.equal((await post("{}", "text/plain")).status, 415);
  const bad = await post("{not json");
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get("content-type") ?? "", /^application\/vnd\.clair\.error\.v1\+json/);
  assert.ok(((await bad.json()) as { message: string }).message.length > 0);
  assert.equal((await post(JSON.stringify({ hash: "sha256:xyz", layers: [] }))).status, 400);
  assert.equal((await fetch(`${base}/indexer/api/v1/index_report/sha256:nothex`)).status, 400);
  assert.equal((await post(JSON.stringify({ hash: unknown, layers: [], pad: "x".repeat(70 * 1024) }))).status, 413);
});

test("a layer uri on the metadata address is refused with 400 and nothing is stored", async () => {
  const hash = `sha256:${"e".repeat(64)}`;
  const r = await post(JSON.stringify({ hash, layers: [{ hash, uri: "http://169.254.169.254/latest/meta-data/" }] }));
  assert.equal(r.status, 400);
  const body = (await r.json()) as { code: string; message: string };
  assert.equal(body.code, "URL_FORBIDDEN");
  assert.match(body.message, /link-local or cloud-metadata/);
  assert.equal(await deps.indexStore.get(hash as `sha256:${string}`), null);
});

test("index_state has an ETag and answers 304 to If-None-Match", async () => {
  const r = await fetch(`${base}/indexer/api/v1/index_state`);
  assert.equal(r.status, 200);
  const etag = r.headers.get("etag");
  assert.ok(etag);
  assert.equal(((await r.json()) as { state: string }).state, etag.replaceAll('"', ""));
  assert.equal((await fetch(`${base}/indexer/api/v1/index_state`, { headers: { "if-none-match": etag } })).status, 304);
});

test("health, readiness and openapi.json listing the Clair routes", async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
  assert.match(spec.openapi, /^3\./);
  for (const p of [
    "/indexer/api/v1/index_report",
    "/indexer/api/v1/index_report/{digest}",
    "/indexer/api/v1/index_state",
    "/matcher/api/v1/vulnerability_report/{digest}",
  ]) {
    assert.ok(p in spec.paths, `${p} in ${Object.keys(spec.paths).join(",")}`);
  }
});

test("PSK JWT: a valid token is accepted; a wrong key or issuer is 401", async () => {
  const secured = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, auth: { key: KEY, issuers: ["quay"] } });
  const url = await secured.listen({ host: "127.0.0.1", port: 0 });
  try {
    const get = (token?: string): Promise<Response> =>
      fetch(`${url}/indexer/api/v1/index_state`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    assert.equal((await get(await signPsk({ iss: "quay" }, KEY))).status, 200);
    assert.equal((await get()).status, 401);
    assert.equal((await get(await signPsk({ iss: "quay" }, Buffer.from("another key").toString("base64")))).status, 401);
    assert.equal((await get(await signPsk({ iss: "mallory" }, KEY))).status, 401);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  } finally {
    await secured.close();
  }
});
