import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { loadSettings } from "../../src/cli/config.js";
import { timeoutMs } from "../../src/cli/deadline.js";
import { registeredMatchers, registeredScanners } from "../../src/cli/pipeline.js";
import { isFatalError } from "../../src/core/problem.js";
import { createRegistrySource } from "../../src/image/registry/index.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../../src/server/build-server.js";
import type { ServerDeps } from "../../src/server/index-service.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { openStore } from "../../src/store/open-store.js";
import { openV2LayerStore } from "../../src/store/open-side-stores.js";
import { ensureRegistry } from "../support/registry.js";
import { claroLimited, hostileDir } from "./limits.js";

// Issue 9 §6: allowHosts did not cover redirects (a registry's 307 to another port was followed
// on the Harbor path). §9: no overall deadline (a manifest dripped a byte every 10 s ran on).
// And the CLI followed a registry redirect to the cloud-metadata address.

const DIGEST = `sha256:${"c".repeat(64)}`;
const MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

interface Local {
  readonly port: number;
  readonly hits: () => number;
  readonly close: () => Promise<void>;
}

/** A real HTTP server on a loopback ephemeral port, counting the requests it gets. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers /v2/ like a registry and every other path with a 307 to `target` + the path. */
const redirectingRegistry =
  (target: (path: string) => string) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === "/v2/") return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    res.writeHead(307, { location: target(req.url ?? "/") }).end();
  };

/** The bytes of a manifest, one a second: each gap is far inside any idle timeout. */
const drippingRegistry = (req: IncomingMessage, res: ServerResponse): void => {
  if (req.url === "/v2/") return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
  res.writeHead(200, { "content-type": MANIFEST_TYPE, "content-length": 4096 });
  const timer = setInterval(() => res.write(" "), 1000);
  res.on("close", () => clearInterval(timer));
};

describe("the server: every redirect hop passes the allow-list (v4, v2, Harbor)", () => {
  let app: FastifyInstance;
  let deps: ServerDeps;
  let base = "";
  let outside: Local; // not on the allow-list: nothing may reach it
  let redirector: Local; // on the allow-list: 307s every path to `outside`
  let toRegistry: Local; // on the allow-list: 307s to the real test registry, also listed
  let registryHost = "";

  before(async () => {
    registryHost = await ensureRegistry({ auth: "none" }, 5020);
    outside = await serve((_req, res) => void res.writeHead(200, { "content-type": MANIFEST_TYPE }).end("{}"));
    redirector = await serve(redirectingRegistry((path) => `http://127.0.0.1:${outside.port}${path}`));
    toRegistry = await serve(redirectingRegistry((path) => `http://${registryHost}${path}`));
    const db = `sqlite:${join(hostileDir("network"), "claro.sqlite")}`;
    deps = {
      indexStore: await openIndexStore(db),
      advisoryStore: await openStore(db),
      v2Layers: openV2LayerStore(db),
      scanners: registeredScanners(),
      matchers: registeredMatchers(),
    };
    const allowHosts = [`127.0.0.1:${redirector.port}`, `127.0.0.1:${toRegistry.port}`, registryHost];
    app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, urlPolicy: { allowHosts } });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });

  after(async () => {
    await app.close();
    await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), deps.v2Layers?.close(), outside.close(), redirector.close(), toRegistry.close()]);
  });

  const blobAt = (port: number, digest = DIGEST): string => `http://127.0.0.1:${port}/v2/test/x/blobs/${digest}`;

  test("Clair v4: a layer uri whose redirect leaves the allow-list is refused, and the target never hears of it", async () => {
    const res = await fetch(`${base}/indexer/api/v1/index_report`, {
      method: "POST",
      headers: { "content-type": "application/vnd.clair.manifest.v1+json" },
      body: JSON.stringify({ hash: DIGEST, layers: [{ hash: DIGEST, uri: blobAt(redirector.port), headers: {} }] }),
    });
    const body = (await res.json()) as { code?: string; message?: string };
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(body.code, "URL_FORBIDDEN");
    assert.match(body.message ?? "", new RegExp(`127\\.0\\.0\\.1:${outside.port} is not on the server's allow-list`));
    assert.equal(outside.hits(), 0);
  });

  test("Clair v4: a redirect to another listed host is followed, so blob storage behind a registry still works", async () => {
    const accept = { accept: `${MANIFEST_TYPE}, application/vnd.docker.distribution.manifest.v2+json` };
    const manifestRes = await fetch(`http://${registryHost}/v2/test/alpine/manifests/3.9.6`, { headers: accept });
    const doc = (await manifestRes.json()) as { layers: { digest: string }[] };
    const hash = manifestRes.headers.get("docker-content-digest") ?? "";
    const layers = doc.layers.map((l) => ({ hash: l.digest, uri: blobAt(toRegistry.port, l.digest).replace("test/x", "test/alpine"), headers: {} }));
    const res = await fetch(`${base}/indexer/api/v1/index_report`, {
      method: "POST",
      headers: { "content-type": "application/vnd.clair.manifest.v1+json" },
      body: JSON.stringify({ hash, layers }),
    });
    const report = (await res.json()) as { state?: string; packages?: Record<string, unknown> };
    assert.equal(res.status, 201, JSON.stringify(report).slice(0, 400));
    assert.equal(report.state, "IndexFinished");
    assert.ok(Object.keys(report.packages ?? {}).length > 0, "alpine's packages were read through the redirect");
  });

  test("Clair v2: a layer Path whose redirect leaves the allow-list is refused with 400", async () => {
    const res = await fetch(`${base}/v1/layers`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Layer: { Name: "hostile-redirect", Path: blobAt(redirector.port), Format: "Docker" } }),
    });
    const body = (await res.json()) as { Error?: { Message?: string } };
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match(body.Error?.Message ?? "", /could not download layer: .*is not on the server's allow-list/);
    assert.equal(outside.hits(), 0);
  });

  test("Harbor: a registry whose redirect leaves the allow-list fails the scan with URL_FORBIDDEN", async () => {
    const res = await fetch(`${base}/api/v1/scan`, {
      method: "POST",
      headers: {
        "content-type": "application/vnd.scanner.adapter.scan.request+json; version=1.1",
        accept: "application/vnd.scanner.adapter.scan.response+json; version=1.0",
      },
      body: JSON.stringify({
        registry: { url: `http://127.0.0.1:${redirector.port}` },
        artifact: { repository: "test/x", digest: DIGEST, mime_type: MANIFEST_TYPE },
      }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    const { id } = (await res.json()) as { id: string };
    // Polled like Harbor: 302 while the scan runs, then the outcome.
    let report: Response;
    for (;;) {
      report = await fetch(`${base}/api/v1/scan/${id}/report`, {
        redirect: "manual",
        headers: { accept: "application/vnd.security.vulnerability.report; version=1.1" },
      });
      if (report.status !== 302) break;
      await report.arrayBuffer();
      await sleep(100);
    }
    const body = (await report.json()) as { error?: { message?: string } };
    assert.equal(report.status, 500, JSON.stringify(body));
    assert.match(body.error?.message ?? "", /URL_FORBIDDEN: .*127\.0\.0\.1:\d+ is not on the server's allow-list/);
    assert.equal(outside.hits(), 0, "the 307's target was never connected to");
    assert.ok(redirector.hits() > 0);
  });
});

describe("the registry client and the CLI", { concurrency: true }, () => {
  let drip: Local;
  let toMetadata: Local;

  before(async () => {
    drip = await serve(drippingRegistry);
    toMetadata = await serve(redirectingRegistry(() => "http://169.254.169.254/latest/meta-data/iam/security-credentials/"));
  });

  after(async () => {
    await Promise.all([drip.close(), toMetadata.close()]);
  });

  // The test's own timeout only turns a hang (no deadline at all) into a failure.
  test("a request has a total deadline beside the idle timeout: a dripped manifest ends in TIMEOUT", { timeout: 120_000 }, async () => {
    const source = createRegistrySource(`127.0.0.1:${drip.port}/t/img:1`, { dockerConfig: false, env: {}, timeouts: { totalMs: 2000 } });
    try {
      await assert.rejects(
        source.resolve({ platform: { os: "linux", architecture: "amd64" } }),
        (e: unknown) => isFatalError(e) && e.code === "TIMEOUT" && /not complete within 2000 ms/.test(e.message),
      );
    } finally {
      await source.close();
    }
  });

  test("claro sbom --timeout 3s gives up on a dripped manifest with TIMEOUT and exit 2", async () => {
    const run = await claroLimited(["sbom", "--timeout", "3s", "-q", `127.0.0.1:${drip.port}/t/img:1`], { timeoutMs: 180_000, maxRssMb: 1024 });
    assert.equal(run.killed, null, run.stderr);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /claro: error \[TIMEOUT\]: reading .* did not finish within the 3s timeout/);
    assert.match(run.stderr, /raise --timeout/);
  });

  test("the deadline also comes from CLARO_TIMEOUT or the config file's `timeout`, as a duration or seconds", () => {
    const dir = hostileDir("timeout-config");
    writeFileSync(join(dir, "claro.yaml"), "timeout: 10m\n");
    assert.equal(timeoutMs(loadSettings({}, undefined, { CLARO_TIMEOUT: "3s" }).timeout), 3000);
    assert.equal(timeoutMs(loadSettings({}, undefined, { CLARO_TIMEOUT: "90" }).timeout), 90_000);
    assert.equal(timeoutMs(loadSettings({}, join(dir, "claro.yaml"), {}).timeout), 600_000);
    assert.equal(timeoutMs(undefined), 600_000, "Trivy's default");
    for (const bad of ["soon", "0s", "30d"])
      assert.throws(
        () => timeoutMs(bad),
        (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID",
        bad,
      );
  });

  test("the CLI refuses a registry redirect to 169.254.169.254 before connecting, and names the way out", async () => {
    const run = await claroLimited(["sbom", "-q", `127.0.0.1:${toMetadata.port}/t/img:1`], { timeoutMs: 180_000, maxRssMb: 1024 });
    assert.equal(run.code, 2, run.stderr);
    // "redirect (…)" is the label of the check made before the hop is sent: the refusal is not
    // a failed or timed-out connection.
    assert.match(
      run.stderr,
      /\[URL_FORBIDDEN\]: manifest .*: redirect \(http:\/\/169\.254\.169\.254\/latest\/.*\) host 169\.254\.169\.254 resolves to 169\.254\.169\.254, a link-local or cloud-metadata address/,
    );
    assert.match(run.stderr, /--allow-metadata-hosts/);
    assert.ok(toMetadata.hits() > 0);
  });

  test("claro klar refuses the same redirect (its manifest fetch goes through the registry transport)", async () => {
    // CLAIR_ADDR is never reached: the manifest is refused first.
    const run = await claroLimited(["klar", `127.0.0.1:${toMetadata.port}/t/img:1`], {
      timeoutMs: 180_000,
      maxRssMb: 1024,
      env: { CLAIR_ADDR: "127.0.0.1:1" },
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /claro klar: manifest .*: redirect \(http:\/\/169\.254\.169\.254\/.*link-local or cloud-metadata address \(.*--allow-metadata-hosts/,
    );
  });
});
