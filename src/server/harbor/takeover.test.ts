import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { claro } from "../../../test/support/claro.js";
import { metric, SlowBlobRelay } from "../../../test/integration/serve-cluster-support.js";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { pullAuthHeader } from "../../image/registry/index.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import { openHarborScanStore } from "../../store/open-side-stores.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";

// Issue 3 §5: a Harbor scan whose instance dies mid-scan is taken over by another instance on the
// same PostgreSQL schema. Two in-process servers, the real token-auth registry behind a relay.
const DIGEST = "sha256:0f8b51ee346136c643864329f1803c4c0c1c34234e25e6a30b731de16e4915f8";
const REQ_TYPE = "application/vnd.scanner.adapter.scan.request+json; version=1.1";
const HARBOR = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
const LEASE_MS = 1000;

interface Instance {
  readonly app: FastifyInstance;
  readonly deps: ServerDeps;
  readonly base: string;
}
type Vuln = { id: string; package: string; version: string; fix_version: string; severity: string };

const schema = uniqueSchema();
let url = "";
let relay: SlowBlobRelay;
const instances: Instance[] = [];

async function start(maxAttempts = 3, leaseMs = LEASE_MS, shutdownGraceMs = 30_000): Promise<Instance> {
  const deps: ServerDeps = {
    indexStore: await openIndexStore(url),
    advisoryStore: await openStore(url),
    harborScans: openHarborScanStore(url),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  const app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, harborScan: { leaseMs, maxAttempts, shutdownGraceMs } });
  const instance = { app, deps, base: await app.listen({ host: "127.0.0.1", port: 0 }) };
  instances.push(instance);
  return instance;
}

async function scanRequest(): Promise<Record<string, unknown>> {
  const authorization = await pullAuthHeader(`${relay.host}/test/debian-bookworm@${DIGEST}`, { dockerConfig: false, env: {} });
  assert.match(authorization ?? "", /^Bearer /);
  return {
    registry: { url: `http://${relay.host}`, authorization },
    artifact: { repository: "test/debian-bookworm", digest: DIGEST, tag: "bookworm-multilayer", mime_type: "application/vnd.oci.image.manifest.v1+json" },
  };
}

async function postScan(on: Instance): Promise<string> {
  const res = await fetch(`${on.base}/api/v1/scan`, { method: "POST", headers: { "content-type": REQ_TYPE }, body: JSON.stringify(await scanRequest()) });
  const text = await res.text();
  assert.equal(res.status, 202, text);
  return (JSON.parse(text) as { id: string }).id;
}

/** Polls like Harbor until the report is there; every answer before it must be a 302. */
async function pollReport(on: Instance, id: string, timeoutMs = 60_000): Promise<{ vulnerabilities: Vuln[]; redirects: number }> {
  const deadline = Date.now() + timeoutMs;
  for (let redirects = 0; ; redirects++) {
    const res = await fetch(`${on.base}/api/v1/scan/${id}/report`, { redirect: "manual", headers: { accept: HARBOR } });
    const text = await res.text();
    if (res.status !== 302) {
      assert.equal(res.status, 200, text);
      return { vulnerabilities: (JSON.parse(text) as { vulnerabilities: Vuln[] }).vulnerabilities, redirects };
    }
    assert.ok(Date.now() < deadline, `scan ${id} still in progress after ${timeoutMs} ms`);
    await sleep(100);
  }
}

const row = async (id: string): Promise<{ status: string; attempts: number; owner: string | null }> =>
  (
    await adminQuery<{ status: string; attempts: number; owner: string | null }>(`SELECT status, attempts, owner FROM "${schema}".harbor_scans WHERE id = $1`, [
      id,
    ])
  )[0]!;
const sorted = (v: Vuln[]): string[] => v.map((x) => `${x.package} ${x.version} ${x.id} ${x.severity} ${x.fix_version}`).sort();

before(async () => {
  const registry = await ensureRegistry({ auth: "token" }, 5000);
  url = withSchema(await pgTestUrl(), schema);
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  const update = await claro(["db", "update", "--db", url, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  relay = new SlowBlobRelay(registry);
  await relay.start();
});

after(async () => {
  await relay?.close();
  for (const i of instances) {
    await i.app.close();
    await i.deps.indexStore.close();
    await i.deps.advisoryStore.close();
    await i.deps.harborScans?.close();
  }
  await dropSchema(schema);
});

test("a scan whose instance stops mid-download is re-run by another instance, which answers 302 until done", async () => {
  const [a, b] = [await start(), await start()];
  relay.holding = true;
  const held = relay.heldCount;
  const id = await postScan(a);
  await relay.waitHeld(held);
  // A is stuck halfway through a layer; new downloads (B's) pass, A's stay stuck until release.
  relay.holding = false;
  const ownerA = (await row(id)).owner;
  assert.equal((await row(id)).attempts, 1);
  // Closing A stops its lease renewal at once; its stuck scan keeps A's close pending (a long grace:
  // this is an instance that stops answering, not one that hands its work back).
  const closingA = a.app.close();
  instances.splice(instances.indexOf(a), 1);
  const stopped = Date.now();
  const blobsBefore = relay.blobGets.length;
  const first = await fetch(`${b.base}/api/v1/scan/${id}/report`, { redirect: "manual", headers: { accept: HARBOR } });
  assert.equal(first.status, 302, "the lease has not lapsed yet: B only reports progress");
  assert.ok(Number(first.headers.get("retry-after")) > 0);
  await first.arrayBuffer();
  assert.equal((await row(id)).owner, ownerA, "B does not take a held job");

  const takenOver = await pollReport(b, id);
  const recovered = Date.now() - stopped;
  console.log(`# taken over and re-run by B ${recovered} ms after A stopped (lease ${LEASE_MS} ms), ${takenOver.redirects} polls with 302`);
  assert.ok(takenOver.redirects >= 2, "Harbor saw 302 while B re-ran the scan");
  assert.ok(recovered >= LEASE_MS, "not before the lease lapsed");
  const done = await row(id);
  assert.equal(done.status, "done");
  assert.equal(done.attempts, 2, "one take-over");
  assert.notEqual(done.owner, ownerA);
  assert.ok(relay.blobGets.length > blobsBefore, "B pulled the image itself, from the stored request and its authorization");
  assert.equal(await metric(b.base, "claro_harbor_scan_takeovers_total", { outcome: "rerun" }), 1);

  // A's stuck download now finishes: its late result must not overwrite the row B owns.
  relay.release();
  await closingA;
  await a.deps.indexStore.close();
  await a.deps.advisoryStore.close();
  await a.deps.harborScans?.close();
  assert.deepEqual(await row(id), done);

  // The same image scanned normally (no interruption) reports the same vulnerabilities.
  const normal = await pollReport(b, await postScan(b));
  assert.ok(
    normal.vulnerabilities.some((v) => v.package === "openssl"),
    "the image has known vulnerabilities",
  );
  assert.deepEqual(sorted(takenOver.vulnerabilities), sorted(normal.vulnerabilities));
});

test("past the attempt cap a scan whose runs keep dying is reported failed with the reason", async () => {
  const [a, b] = [await start(), await start(1)];
  relay.holding = true;
  const held = relay.heldCount;
  const id = await postScan(a);
  await relay.waitHeld(held);
  relay.holding = false;
  const closingA = a.app.close();
  instances.splice(instances.indexOf(a), 1);
  const res = await (async () => {
    for (;;) {
      const r = await fetch(`${b.base}/api/v1/scan/${id}/report`, { redirect: "manual", headers: { accept: HARBOR } });
      if (r.status !== 302) return r;
      await r.arrayBuffer();
      await sleep(100);
    }
  })();
  const body = (await res.json()) as { error: { message: string } };
  assert.equal(res.status, 500, JSON.stringify(body));
  assert.match(body.error.message, /abandoned: 1 run\(s\) ended without a result/);
  assert.deepEqual({ ...(await row(id)), owner: null }, { status: "failed", attempts: 1, owner: null });
  assert.equal(await metric(b.base, "claro_harbor_scan_takeovers_total", { outcome: "failed" }), 1);
  relay.release();
  await closingA;
  await a.deps.indexStore.close();
  await a.deps.advisoryStore.close();
  await a.deps.harborScans?.close();
  assert.equal((await row(id)).status, "failed", "the dead run's late result does not revive the scan");
});

test("a shutdown hands a scan still running after the grace back: another instance reruns it at once, not counted as an attempt", async () => {
  // A long lease: only the hand-back can explain a quick takeover.
  const [a, b] = [await start(3, 60_000, 200), await start(3, 60_000)];
  relay.holding = true;
  const held = relay.heldCount;
  const id = await postScan(a);
  await relay.waitHeld(held);
  relay.holding = false;
  const stopping = Date.now();
  await a.app.close();
  instances.splice(instances.indexOf(a), 1);
  assert.ok(Date.now() - stopping < 10_000, "close waited the grace, not the stuck download");
  assert.deepEqual(await row(id), { status: "pending", attempts: 0, owner: null }, "handed back: no owner, the interrupted run not counted");

  const rerun = await pollReport(b, id);
  const took = Date.now() - stopping;
  console.log(`# handed back at shutdown and rerun by B in ${took} ms (lease 60000 ms)`);
  assert.ok(took < 60_000);
  assert.ok(rerun.vulnerabilities.some((v) => v.package === "openssl"));
  assert.equal((await row(id)).attempts, 1, "B's run is the first counted attempt");
  relay.release();
  await a.deps.indexStore.close();
  await a.deps.advisoryStore.close();
  await a.deps.harborScans?.close();
  assert.equal((await row(id)).status, "done", "A's late run writes nothing over B's result");
});
