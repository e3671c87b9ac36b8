import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { clairManifest, metric, postIndex, SlowBlobRelay, until } from "../../../test/integration/serve-cluster-support.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";

// The in-process queue of a single (SQLite) instance: the same dedupe as the PostgreSQL one.
const dir = mkdtempSync(join(tmpdir(), "claro-local-queue-"));
let registry = "";
let relay: SlowBlobRelay;
let deps: ServerDeps;
let app: FastifyInstance;
let base = "";

before(async () => {
  registry = await ensureRegistry({ auth: "token" }, 5000);
  relay = new SlowBlobRelay(registry);
  await relay.start();
  const db = `sqlite:${join(dir, "claro.sqlite")}`;
  deps = { indexStore: await openIndexStore(db), advisoryStore: await openStore(db), scanners: registeredScanners(), matchers: registeredMatchers() };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await relay.close();
  await deps.indexStore.close();
  await deps.advisoryStore.close();
  rmSync(dir, { recursive: true, force: true });
});

test("local queue: concurrent requests for one manifest share one job; a re-post is answered from the store", async () => {
  const m = await clairManifest(registry, "test/alpine-3.20.3", "3.20.3", relay.host);
  relay.holding = true;
  const held = relay.heldCount;
  const responses = [postIndex(base, m), postIndex(base, m), postIndex(base, m)];
  await relay.waitHeld(held);
  await until("two requests to join", async () => (await metric(base, "claro_index_jobs_total", { outcome: "joined" })) === 2);
  relay.release();
  const bodies = await Promise.all(
    responses.map(async (r) => ((await r).status === 201 ? ((await (await r).json()) as { state: string }) : assert.fail(`status ${(await r).status}`))),
  );
  assert.ok(bodies.every((b) => b.state === "IndexFinished"));
  assert.deepEqual(bodies[0], bodies[2]);
  assert.equal(await metric(base, "claro_index_jobs_total", { outcome: "finished" }), 1);
  assert.equal(relay.blobGets.length, 1);
  assert.equal((await postIndex(base, m)).status, 201);
  assert.equal(await metric(base, "claro_index_jobs_total", { outcome: "cached" }), 1);
  assert.equal(await metric(base, "claro_index_queue_jobs", { state: "running" }), 0);
});

test("local queue: a failing job fails every request that joined it, and the next request runs it again", async () => {
  const m = await clairManifest(registry, "test/busybox-multiarch", "multiarch");
  const missing = { ...m, layers: m.layers.map((l) => ({ ...l, uri: l.uri.replace(/sha256:[0-9a-f]{8}/, "sha256:00000000") })) };
  const failedBefore = await metric(base, "claro_index_queue_events_total", { event: "failed" });
  const [x, y] = await Promise.all([postIndex(base, missing), postIndex(base, missing)]);
  assert.equal(x.status, y.status);
  assert.ok(x.status >= 400, String(x.status));
  const failed = (await metric(base, "claro_index_queue_events_total", { event: "failed" })) - failedBefore;
  assert.ok(failed === 1 || failed === 2, "joined or run back to back, never more");
  const z = await postIndex(base, missing);
  assert.equal(z.status, x.status);
  assert.equal((await metric(base, "claro_index_queue_events_total", { event: "failed" })) - failedBefore, failed + 1);
});
