import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../app/engines.js";
import { openIndexStore } from "../store/open-index-store.js";
import { openStore } from "../store/open-store.js";
import { openV2LayerStore } from "../store/open-side-stores.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "./build-server.js";
import { DURATION_BUCKETS, Metrics } from "./metrics.js";

let dir = "";
let app: FastifyInstance;
let base = "";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "claro-metrics-"));
  const url = `sqlite:${join(dir, "claro.db")}`;
  const deps = {
    indexStore: await openIndexStore(url),
    advisoryStore: await openStore(url),
    v2Layers: openV2LayerStore(url),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The value of one series line of the exposition text, or 0 when absent. */
function series(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
}

test("/metrics: request durations are a histogram (_bucket by le, route, method and status) and a request adds to them", async () => {
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const res = await fetch(`${base}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const first = await res.text();
  assert.match(first, /^# TYPE claro_http_request_duration_seconds histogram$/m);
  const labels = 'le="+Inf",method="GET",route="/healthz",status="200"';
  const before = series(first, "claro_http_request_duration_seconds_bucket", labels);
  assert.ok(before >= 1, first);
  // One bucket line per bound, and the +Inf bucket equals the count.
  const bucketLines = first.split("\n").filter((l) => l.startsWith("claro_http_request_duration_seconds_bucket{") && l.includes('route="/healthz"'));
  assert.equal(bucketLines.length, DURATION_BUCKETS.length + 1);
  assert.equal(series(first, "claro_http_request_duration_seconds_count", 'method="GET",route="/healthz",status="200"'), before);
  assert.equal(series(first, "claro_http_requests_total", 'method="GET",route="/healthz",status="200"'), before);

  await fetch(`${base}/healthz`);
  const second = await (await fetch(`${base}/metrics`)).text();
  assert.equal(series(second, "claro_http_request_duration_seconds_bucket", labels), before + 1);
  assert.equal(series(second, "claro_http_requests_total", 'method="GET",route="/healthz",status="200"'), before + 1);
});

test("Metrics: observe puts a duration in the buckets at and above it; counters and gauges keep their names", async () => {
  const m = new Metrics();
  m.observe("claro_index_job_duration_seconds", "Index job durations by outcome", { outcome: "done" }, 0.3);
  m.observe("claro_index_job_duration_seconds", "Index job durations by outcome", { outcome: "done" }, 40);
  m.inc("claro_index_jobs_total", "Index requests by outcome", { outcome: "cached" });
  m.set("claro_index_queue_depth", "Jobs by state", { state: "queued" }, 3);
  m.set("claro_index_queue_depth", "Jobs by state", { state: "queued" }, 1);
  const text = await m.render();
  const b = (le: string): number => series(text, "claro_index_job_duration_seconds_bucket", `le="${le}",outcome="done"`);
  assert.deepEqual([b("0.25"), b("0.5"), b("30"), b("60"), b("+Inf")], [0, 1, 1, 2, 2]);
  assert.equal(series(text, "claro_index_job_duration_seconds_sum", 'outcome="done"'), 40.3);
  assert.match(text, /^claro_index_jobs_total\{outcome="cached"\} 1$/m);
  assert.match(text, /^# TYPE claro_index_queue_depth gauge$/m);
  assert.match(text, /^claro_index_queue_depth\{state="queued"\} 1$/m);
});

test("Metrics: a metric used with other labels than its first use drops that observation and counts it, instead of throwing", async () => {
  const m = new Metrics();
  m.observe("claro_index_job_duration_seconds", "Time spent indexing manifests", {}, 1);
  assert.doesNotThrow(() => m.observe("claro_index_job_duration_seconds", "Time spent indexing manifests", { outcome: "done" }, 1));
  assert.doesNotThrow(() => m.inc("claro_index_job_duration_seconds", "same name, other kind", {}));
  const text = await m.render();
  assert.match(text, /^claro_index_job_duration_seconds_count 1$/m);
  assert.match(text, /^claro_metrics_errors_total\{metric="claro_index_job_duration_seconds"\} 2$/m);
});
