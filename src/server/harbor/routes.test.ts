import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { claro } from "../../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { pullAuthHeader } from "../../image/registry/index.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import { openHarborScanStore } from "../../store/open-side-stores.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";

// images/README.md: debian-bookworm.oci.tar, ref bookworm-multilayer, OCI manifest digest.
const DIGEST = "sha256:0f8b51ee346136c643864329f1803c4c0c1c34234e25e6a30b731de16e4915f8";
const REQ_TYPE = "application/vnd.scanner.adapter.scan.request+json; version=1.1";
const HARBOR = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
const SECURITY = "application/vnd.security.vulnerability.report; version=1.1";
const SBOM = "application/vnd.security.sbom.report+json; version=1.0";

const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
ajv.addSchema(JSON.parse(readFileSync(new URL("testdata/harbor-schemas.json", import.meta.url), "utf8")) as object);
function conforms(def: string, value: unknown): void {
  const validate = ajv.getSchema(`harbor-schemas#/definitions/${def}`);
  assert.ok(validate, def);
  assert.ok(validate(value), `${def}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 400)}`);
}

const schema = uniqueSchema();
let url = "";
let host = "";
let deps: ServerDeps;
let app: FastifyInstance;
let base = "";

async function start(): Promise<void> {
  deps = {
    indexStore: await openIndexStore(url),
    advisoryStore: await openStore(url),
    harborScans: openHarborScanStore(url),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
}
async function stop(): Promise<void> {
  await app.close();
  await deps.indexStore.close();
  await deps.advisoryStore.close();
  await deps.harborScans?.close();
}

const scanRequest = (authorization: string | null, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  registry: { url: `http://${host}`, ...(authorization !== null ? { authorization } : {}) },
  artifact: { repository: "test/debian-bookworm", digest: DIGEST, tag: "bookworm-multilayer", mime_type: "application/vnd.oci.image.manifest.v1+json" },
  ...over,
});
const postScan = (body: unknown, type = REQ_TYPE): Promise<Response> =>
  fetch(`${base}/api/v1/scan`, {
    method: "POST",
    headers: { "content-type": type, accept: "application/vnd.scanner.adapter.scan.response+json; version=1.0" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const getReport = (id: string, accept: string | null, query = ""): Promise<Response> =>
  fetch(`${base}/api/v1/scan/${id}/report${query}`, { redirect: "manual", headers: accept === null ? {} : { accept } });

async function expectError(res: Response, status: number, pattern: RegExp): Promise<void> {
  const body: unknown = await res.json();
  assert.equal(res.status, status, JSON.stringify(body));
  assert.match(res.headers.get("content-type") ?? "", /^application\/vnd\.scanner\.adapter\.error\+json; version=1\.0/);
  conforms("ErrorResponse", body);
  assert.match((body as { error: { message: string } }).error.message, pattern);
}

/** Polls like Harbor: 302 (with both retry headers) until the report is there. */
async function waitReport(id: string): Promise<{ res: Response; redirects: number }> {
  for (let redirects = 0; ; redirects++) {
    const res = await getReport(id, HARBOR);
    if (res.status !== 302) return { res, redirects };
    assert.ok(Number(res.headers.get("retry-after")) > 0, "Retry-After");
    assert.ok(Number(res.headers.get("refresh-after")) > 0, "Refresh-After");
    await res.arrayBuffer();
    await sleep(100);
  }
}

before(async () => {
  host = await ensureRegistry({ auth: "token" }, 5000);
  url = withSchema(await pgTestUrl(), schema);
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  const update = await claro(["db", "update", "--db", url, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  await start();
});

after(async () => {
  await stop();
  await dropSchema(schema);
});

test("metadata names both capabilities and the database age", async () => {
  const res = await fetch(`${base}/api/v1/metadata`, { headers: { accept: "application/vnd.scanner.adapter.metadata+json; version=1.1" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/vnd.scanner.adapter.metadata+json; version=1.1");
  const meta = (await res.json()) as {
    scanner: { name: string };
    capabilities: { type: string; produces_mime_types: string[] }[];
    properties: Record<string, string>;
  };
  conforms("ScannerAdapterMetadata", meta);
  assert.equal(meta.scanner.name, "claro");
  assert.deepEqual(
    meta.capabilities.map((c) => c.type),
    ["vulnerability", "sbom"],
  );
  assert.deepEqual(meta.capabilities[0]?.produces_mime_types, [HARBOR, SECURITY]);
  assert.equal(meta.properties["harbor.scanner-adapter/scanner-type"], "os-package-vulnerability");
  const status = await deps.advisoryStore.status();
  assert.equal(meta.properties["harbor.scanner-adapter/vulnerability-database-updated-at"], new Date(status[0]!.lastChangedAt!).toISOString());
  const old = await fetch(`${base}/api/v1/metadata`, { headers: { accept: "application/vnd.scanner.adapter.metadata+json; version=1.0" } });
  assert.equal(old.headers.get("content-type"), "application/vnd.scanner.adapter.metadata+json; version=1.0");
});

test("scan bookworm-multilayer from the token registry with Harbor's bearer token", async () => {
  const auth = await pullAuthHeader(`${host}/test/debian-bookworm@${DIGEST}`, { dockerConfig: false, env: {} });
  assert.match(auth ?? "", /^Bearer /);
  const request = scanRequest(auth);
  conforms("ScanRequest", request);
  const accepted = await postScan(request);
  assert.equal(accepted.status, 202, await accepted.clone().text());
  assert.equal(accepted.headers.get("content-type"), "application/vnd.scanner.adapter.scan.response+json; version=1.0");
  const { id } = (await accepted.json()) as { id: string };
  conforms("ScanResponse", { id });

  const { res, redirects } = await waitReport(id);
  assert.ok(redirects >= 1, "the first poll must find the scan in progress (302)");
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get("content-type"), HARBOR);
  const report = (await res.json()) as {
    severity: string;
    artifact: { digest: string };
    vulnerabilities: { id: string; package: string; fix_version: string; severity: string }[];
  };
  conforms("HarborVulnerabilityReport", report);
  assert.equal(report.artifact.digest, DIGEST);
  const fixed = (pkg: string): string[] => report.vulnerabilities.filter((v) => v.package === pkg && v.fix_version !== "").map((v) => v.id);
  assert.ok(fixed("openssl").length > 0 && fixed("libexpat1").length > 0, JSON.stringify(report.vulnerabilities.map((v) => v.package)));
  const order = ["Unknown", "Negligible", "Low", "Medium", "High", "Critical"];
  assert.equal(report.severity, order[Math.max(...report.vulnerabilities.map((v) => order.indexOf(v.severity)))]);

  // Missing Accept is the legacy Harbor 1.0 type; the 1.1 security type carries the same report.
  const legacy = await getReport(id, null);
  assert.equal(legacy.headers.get("content-type"), HARBOR);
  assert.deepEqual(await legacy.json(), report);
  const security = await getReport(id, SECURITY);
  assert.equal(security.headers.get("content-type"), SECURITY);
  conforms("HarborVulnerabilityReport", await security.json());

  const spdxRes = await getReport(id, SBOM, "?sbom_media_type=application/spdx+json");
  assert.equal(spdxRes.status, 200);
  assert.equal(spdxRes.headers.get("content-type"), SBOM);
  const spdx = (await spdxRes.json()) as { media_type: string; sbom: { spdxVersion: string; packages: { name: string }[] } };
  conforms("HarborSbomReport", spdx);
  assert.equal(spdx.media_type, "application/spdx+json");
  assert.match(spdx.sbom.spdxVersion, /^SPDX-2\./);
  assert.ok(spdx.sbom.packages.some((p) => p.name === "openssl"));
  const cdxRes = await getReport(id, SBOM, "?sbom_media_type=application/vnd.cyclonedx%2Bjson");
  const cdx = (await cdxRes.json()) as { media_type: string; sbom: { bomFormat: string; components: { name: string }[] } };
  assert.equal(cdxRes.status, 200, JSON.stringify(cdx));
  conforms("HarborSbomReport", cdx);
  assert.equal(cdx.sbom.bomFormat, "CycloneDX");
  assert.ok(cdx.sbom.components.some((c) => c.name === "libexpat1"));
  await expectError(await getReport(id, SBOM), 400, /sbom_media_type/);

  // A restarted instance answers from the database.
  await stop();
  await start();
  const again = await getReport(id, HARBOR);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), report);
});

test("the request's authorization is what pulls: a forged token fails the scan (500)", async () => {
  const accepted = await postScan(scanRequest("Bearer not-a-token"));
  assert.equal(accepted.status, 202);
  const { id } = (await accepted.json()) as { id: string };
  const { res } = await waitReport(id);
  await expectError(res, 500, /REGISTRY_UNAUTHORIZED/);
});

test("unknown id 404, invalid requests 422, malformed JSON 400", async () => {
  await expectError(await getReport("00000000-0000-4000-8000-000000000000", HARBOR), 404, /unknown/);
  await expectError(await postScan(scanRequest(null, { registry: { url: "not a url" } })), 422, /registry/);
  await expectError(await postScan(scanRequest(null, { registry: { url: "http://169.254.169.254" } })), 422, /link-local/);
  const bad = scanRequest(null);
  await expectError(await postScan({ ...bad, artifact: { repository: "test/debian-bookworm", digest: "sha256:1234" } }), 422, /digest/);
  await expectError(
    await postScan({ ...bad, artifact: { repository: "test/debian-bookworm", digest: DIGEST, mime_type: "application/vnd.oci.image.index.v1+json" } }),
    422,
    /mime_type/,
  );
  await expectError(await postScan(scanRequest("Token abc")), 422, /authorization/);
  await expectError(await postScan("{not json"), 400, /JSON/);
  const v10 = await postScan(
    scanRequest(null, { registry: { url: "http://169.254.169.254" } }),
    "application/vnd.scanner.adapter.scan.request+json; version=1.0",
  );
  assert.equal(v10.status, 422);
});

test("with harbor.auth set, every /api/v1 route wants Harbor's credential (401 envelope otherwise)", async () => {
  const token = "harbor-registration-token";
  const secured = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, harborAuth: `Bearer ${token}` });
  const at = await secured.listen({ host: "127.0.0.1", port: 0 });
  try {
    const meta = (headers: Record<string, string>): Promise<Response> => fetch(`${at}/api/v1/metadata`, { headers });
    const refused: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong" },
      { authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}` },
    ];
    for (const headers of refused) {
      const res = await meta(headers);
      assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="claro"');
      await expectError(res, 401, /missing|invalid/);
    }
    assert.equal((await meta({ authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await meta({ "x-scanneradapter-api-key": token })).status, 200);
    const scan = await fetch(`${at}/api/v1/scan`, { method: "POST", headers: { "content-type": REQ_TYPE }, body: JSON.stringify(scanRequest(null)) });
    await expectError(scan, 401, /missing/);
    await expectError(await fetch(`${at}/api/v1/scan/00000000-0000-4000-8000-000000000000/report`, { headers: { accept: HARBOR } }), 401, /missing/);
    // The Clair routes are not Harbor's: they stay as configured (open here).
    assert.equal((await fetch(`${at}/indexer/api/v1/index_state`)).status, 200);
  } finally {
    await secured.close();
  }
});
