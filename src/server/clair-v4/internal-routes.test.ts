import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Advisory } from "../../core/advisory.js";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { claro } from "../../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";
import { toClairVulnerability } from "../notifier/shape.js";
import { registerClairInternalRoutes } from "./internal-routes.js";

const ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
const RANK = ["Unknown", "Negligible", "Low", "Medium", "High", "Critical"];
const schema = uniqueSchema();
let app: FastifyInstance;
let deps: ServerDeps;
let base = "";
let registry = "";
const manifests: Record<string, string> = {};

type Affected = {
  vulnerabilities: Record<string, Record<string, unknown> & { name: string; normalized_severity: string; fixed_in_version: string }>;
  vulnerable_manifests: Record<string, string[]>;
};
type Report = { vulnerabilities: Record<string, { name: string; fixed_in_version: string }> };

async function index(ref: string): Promise<string> {
  const res = await fetch(`http://${registry}/v2/test/debian-bookworm/manifests/${ref}`, { headers: { accept: ACCEPT } });
  const doc = (await res.json()) as { layers: { digest: string }[] };
  const hash = res.headers.get("docker-content-digest") ?? "";
  const body = { hash, layers: doc.layers.map((l) => ({ hash: l.digest, uri: `http://${registry}/v2/test/debian-bookworm/blobs/${l.digest}` })) };
  const posted = await fetch(`${base}/indexer/api/v1/index_report`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(posted.status, 201, await posted.text());
  return hash;
}

const post = (path: string, method: string, type: string, body: string): Promise<Response> =>
  fetch(`${base}${path}`, { method, headers: { "content-type": type }, body });

before(async () => {
  registry = await ensureRegistry({ auth: "none" }, 5020);
  const url = withSchema(await pgTestUrl(), schema);
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  const update = await claro(["db", "update", "--db", url, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  deps = { indexStore: await openIndexStore(url), advisoryStore: await openStore(url), scanners: registeredScanners(), matchers: registeredMatchers() };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false });
  registerClairInternalRoutes(app, deps);
  registerClairInternalRoutes(app, deps);
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  manifests["multilayer"] = await index("bookworm-multilayer");
  manifests["minbase"] = await index("bookworm-minbase");
});

after(async () => {
  await app.close();
  await Promise.all([deps.indexStore.close(), deps.advisoryStore.close()]);
  await dropSchema(schema);
});

test("affected_manifest: the stored manifests each vulnerability affects, most severe first, from update_diff's own shape", async () => {
  const records: Advisory[] = [];
  for await (const a of deps.advisoryStore.exportAdvisories("debian")) if (["openssl", "perl", "expat", "zlib"].includes(a.packageName)) records.push(a);
  const input = records.map(toClairVulnerability);
  // Expected, independently: a record affects a manifest when its vulnerability report lists that CVE with that fix.
  const expected: Record<string, Set<string>> = {};
  for (const digest of Object.values(manifests)) {
    const vr = (await (await fetch(`${base}/matcher/api/v1/vulnerability_report/${digest}`)).json()) as Report;
    const found = new Set(Object.values(vr.vulnerabilities).map((v) => `${v.name} ${v.fixed_in_version}`));
    const ids = input.filter((v) => found.has(`${String(v["name"])} ${String(v["fixed_in_version"])}`)).map((v) => String(v["id"]));
    if (ids.length > 0) expected[digest] = new Set(ids);
  }
  assert.ok(expected[manifests["multilayer"]!] && expected[manifests["minbase"]!], "both manifests have some of these");

  const res = await post(
    "/indexer/api/v1/internal/affected_manifest",
    "POST",
    "application/vnd.clair.vulnerability_summaries.v1+json",
    JSON.stringify({ vulnerabilities: input }),
  );
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/vnd\.clair\.affected_manifests\.v1\+json/);
  const got = (await res.json()) as Affected;
  assert.deepEqual(Object.fromEntries(Object.entries(got.vulnerable_manifests).map(([k, v]) => [k, new Set(v)])), expected);
  for (const ids of Object.values(got.vulnerable_manifests)) {
    assert.equal(new Set(ids).size, ids.length);
    const ranks = ids.map((id) => RANK.indexOf(got.vulnerabilities[id]!.normalized_severity));
    assert.deepEqual(
      ranks,
      [...ranks].sort((x, y) => y - x),
      "most severe first",
    );
  }
  const referenced = new Set(Object.values(got.vulnerable_manifests).flat());
  assert.deepEqual(new Set(Object.keys(got.vulnerabilities)), referenced, "exactly the vulnerabilities that affect something");
  for (const id of referenced)
    assert.deepEqual(
      got.vulnerabilities[id],
      input.find((v) => v["id"] === id),
      "echoed as given",
    );

  const bare = await post("/indexer/api/v1/internal/affected_manifest", "POST", "application/json", JSON.stringify(input));
  assert.deepEqual(await bare.json(), got, "a bare array is the same request");

  const none = await post(
    "/indexer/api/v1/internal/affected_manifest",
    "POST",
    "application/json",
    JSON.stringify([{ ...input[0], id: "x", fixed_in_version: "0.1-1" }]),
  );
  assert.deepEqual(await none.json(), { vulnerabilities: {}, vulnerable_manifests: {} }, "fixed before every installed version: affects nothing");
});

test("affected_manifest refuses what it cannot read", async () => {
  const wrongType = await post("/indexer/api/v1/internal/affected_manifest", "POST", "text/plain", "[]");
  assert.equal(wrongType.status, 415);
  assert.equal(((await wrongType.json()) as { code: string }).code, "unsupported-media-type");
  const noPackage = await post(
    "/indexer/api/v1/internal/affected_manifest",
    "POST",
    "application/json",
    JSON.stringify([{ name: "CVE-1", distribution: { did: "debian", version_id: "12" } }]),
  );
  assert.deepEqual(
    [noPackage.status, await noPackage.json()],
    [400, { code: "bad-request", message: "vulnerabilities[0]: vulnerability CVE-1: package.name is required" }],
  );
  const broken = await post("/indexer/api/v1/internal/affected_manifest", "POST", "application/json", "{");
  assert.equal(broken.status, 400);
});

test("bulk DELETE index_report: answers the digests it deleted; the others stay", async () => {
  const unknown = `sha256:${"0".repeat(64)}`;
  const bad = await post("/indexer/api/v1/index_report", "DELETE", "application/vnd.clair.bulk_delete.v1+json", JSON.stringify(["sha256:nothex"]));
  assert.equal(bad.status, 400);
  assert.equal((await post("/indexer/api/v1/index_report", "DELETE", "text/plain", "[]")).status, 415);
  const res = await post(
    "/indexer/api/v1/index_report",
    "DELETE",
    "application/vnd.clair.bulk_delete.v1+json",
    JSON.stringify([manifests["multilayer"], unknown, manifests["multilayer"]]),
  );
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/vnd\.clair\.bulk_delete\.v1\+json/);
  assert.deepEqual(await res.json(), [manifests["multilayer"]]);
  assert.equal((await fetch(`${base}/indexer/api/v1/index_report/${manifests["multilayer"]}`)).status, 404);
  assert.equal((await fetch(`${base}/indexer/api/v1/index_report/${manifests["minbase"]}`)).status, 200);
  const again = await post("/indexer/api/v1/index_report", "DELETE", "application/json", JSON.stringify([manifests["multilayer"]]));
  assert.deepEqual(await again.json(), []);
});
