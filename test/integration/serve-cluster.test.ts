import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { claro } from "../support/claro.js";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../support/postgres.js";
import { ensureRegistry } from "../support/registry.js";
import { sharedPath } from "../support/shared.js";
import { clairManifest, metric, postIndex, SlowBlobRelay, startServe, until, type ServeInstance } from "./serve-cluster-support.js";

// Issue 3 §5: two real `claro serve` processes on one PostgreSQL schema share the index job queue.
const schema = uniqueSchema();
const LEASE_SECONDS = 2;
let db = "";
let registry = "";
let relay: SlowBlobRelay;
const instances: ServeInstance[] = [];
let a: ServeInstance;
let b: ServeInstance;

const serve = async (name: string): Promise<ServeInstance> => {
  const s = await startServe(name, db, { CLARO_INDEX_LEASE_SECONDS: String(LEASE_SECONDS), CLARO_LOG_LEVEL: "info" });
  instances.push(s);
  return s;
};
const both = (): ServeInstance[] => [a, b];
const sum = async (name: string, labels: Record<string, string>, of = both()): Promise<number> =>
  (await Promise.all(of.map((s) => metric(s.base, name, labels)))).reduce((x, y) => x + y, 0);
const jobs = (manifest: string): Promise<{ state: string; attempts: number; owner: string | null; body: unknown }[]> =>
  adminQuery(`SELECT state, attempts, owner, body FROM "${schema}".index_jobs WHERE manifest = $1 ORDER BY id`, [manifest]);
const reports = (manifest: string): Promise<{ state: string; has_report: boolean }[]> =>
  adminQuery(`SELECT state, report IS NOT NULL AS has_report FROM "${schema}".index_reports WHERE manifest = $1`, [manifest]);
/** The instance whose worker holds the manifest's running job (owner is host:pid:nonce). */
const runner = async (manifest: string): Promise<ServeInstance> =>
  until(`a running job for ${manifest}`, async () => {
    const owner = (await jobs(manifest)).find((j) => j.state === "running")?.owner;
    return owner ? instances.find((s) => s.child.exitCode === null && owner.split(":")[1] === String(s.child.pid)) : undefined;
  });
const report = async (res: Response): Promise<Record<string, unknown>> => {
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text) as Record<string, unknown>;
};

before(async () => {
  registry = await ensureRegistry({ auth: "token" }, 5000);
  db = withSchema(await pgTestUrl(), schema);
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  const update = await claro(["db", "update", "--db", db, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  relay = new SlowBlobRelay(registry);
  await relay.start();
  const started = Date.now();
  [a, b] = await Promise.all([serve("A"), serve("B")]);
  console.log(`# two instances ready in ${Date.now() - started} ms`);
});

after(async () => {
  for (const s of instances) if (s.child.exitCode === null) s.child.kill("SIGKILL");
  await Promise.all(instances.map((s) => s.exited));
  await relay?.close();
  await dropSchema(schema);
});

test("the same manifest posted to both instances at once is indexed once", async () => {
  const m = await clairManifest(registry, "test/alpine-3.20.3", "3.20.3", relay.host);
  relay.holding = true;
  const held = relay.heldCount;
  const started = Date.now();
  const responses = [postIndex(a.base, m), postIndex(b.base, m)];
  await relay.waitHeld(held);
  // The second request joins the running job instead of enqueuing another.
  await until("the second request to join", async () => (await sum("claro_index_jobs_total", { outcome: "joined" })) === 1);
  relay.release();
  const [ra, rb] = (await Promise.all(responses.map(async (r) => report(await r)))) as [Record<string, unknown>, Record<string, unknown>];
  console.log(`# same manifest from both: ${Date.now() - started} ms`);
  assert.equal(ra["state"], "IndexFinished");
  assert.ok(Object.keys(ra["packages"] as object).length > 5);
  assert.deepEqual(ra, rb);
  assert.deepEqual(
    (await jobs(m.hash)).map((j) => [j.state, j.attempts, j.body]),
    [["done", 1, null]],
    "one job, one attempt, its credentials cleared",
  );
  assert.deepEqual(await reports(m.hash), [{ state: "IndexFinished", has_report: true }]);
  assert.equal(await sum("claro_index_jobs_total", { outcome: "finished" }), 1, "the work was done once");
  assert.equal(await sum("claro_index_queue_events_total", { event: "enqueued" }), 1);
  assert.equal(relay.blobGets.length, 1, "the layer was fetched once");
});

test("different manifests posted to both instances at once are all indexed, each once", async () => {
  const finishedBefore = await sum("claro_index_jobs_total", { outcome: "finished" });
  const ms = await Promise.all([clairManifest(registry, "test/alpine-3.20.3", "3.20.3-v2s2"), clairManifest(registry, "test/busybox-multiarch", "multiarch")]);
  assert.notEqual(ms[0]!.hash, ms[1]!.hash);
  const started = Date.now();
  const got = await Promise.all([a, b].flatMap((s) => ms.map(async (m) => report(await postIndex(s.base, m)))));
  console.log(`# two manifests x two instances: ${Date.now() - started} ms`);
  for (const [i, r] of got.entries()) {
    assert.equal(r["manifest_hash"], ms[i % 2]!.hash);
    assert.equal(r["state"], "IndexFinished");
  }
  for (const m of ms) {
    assert.deepEqual(
      (await jobs(m.hash)).map((j) => j.state),
      ["done"],
    );
    assert.deepEqual(await reports(m.hash), [{ state: "IndexFinished", has_report: true }]);
  }
  assert.equal((await sum("claro_index_jobs_total", { outcome: "finished" })) - finishedBefore, 2);
  // Each instance reads what the other indexed.
  for (const s of both()) for (const m of ms) assert.equal((await fetch(`${s.base}/indexer/api/v1/index_report/${m.hash}`)).status, 200);
});

test("a job that fails is reported as failed to the requests of both instances, with the same status", async () => {
  const m = await clairManifest(registry, "test/alpine", "3.9.6");
  const missing = { ...m, layers: m.layers.map((l) => ({ ...l, uri: l.uri.replace(/sha256:[0-9a-f]{8}/, "sha256:00000000") })) };
  const [x, y] = await Promise.all([postIndex(a.base, missing), postIndex(b.base, missing)]);
  const [ex, ey] = [(await x.json()) as { code: string }, (await y.json()) as { code: string }];
  assert.equal(x.status, y.status);
  assert.ok(x.status >= 400 && x.status < 600, String(x.status));
  assert.equal(ex.code, ey.code);
  const rows = await adminQuery<{ state: string; error_code: string; body: unknown }>(
    `SELECT state, error_code, body FROM "${schema}".index_jobs WHERE manifest = $1`,
    [m.hash],
  );
  assert.ok(rows.length >= 1 && rows.every((r) => r.state === "failed" && r.error_code === ex.code && r.body === null), JSON.stringify(rows));
  assert.deepEqual(
    (await reports(m.hash)).map((r) => r.state),
    ["IndexError"],
    "a failed job leaves its IndexError, not a partial report",
  );
});

test("SIGKILL of the instance indexing a manifest: the other takes the job over, one report, no partial rows", async () => {
  const m = await clairManifest(registry, "test/debian-bookworm", "bookworm-multilayer", relay.host);
  relay.holding = true;
  const held = relay.heldCount;
  const responses = [postIndex(a.base, m).catch((e: unknown) => e), postIndex(b.base, m).catch((e: unknown) => e)];
  await relay.waitHeld(held);
  const victim = await runner(m.hash);
  const survivor = victim === a ? b : a;
  assert.deepEqual(await reports(m.hash), [], "nothing is stored mid-index");
  victim.child.kill("SIGKILL");
  const killedAt = Date.now();
  assert.equal(await victim.exited, null);
  relay.release();
  const [fromVictim, fromSurvivor] = victim === a ? responses : responses.reverse();
  assert.ok((await fromVictim) instanceof Error, "the killed instance's client sees the connection drop");
  const body = await report((await fromSurvivor) as Response);
  console.log(`# SIGKILL to report from the survivor: ${Date.now() - killedAt} ms (lease ${LEASE_SECONDS} s)`);
  assert.equal(body["state"], "IndexFinished");
  const [job, ...more] = await jobs(m.hash);
  assert.equal(more.length, 0, "no duplicate job");
  assert.equal(job?.state, "done");
  assert.equal(job?.attempts, 2, "claimed by the victim, then by the survivor");
  assert.equal(job?.owner?.split(":")[1], String(survivor.child.pid));
  assert.deepEqual(await reports(m.hash), [{ state: "IndexFinished", has_report: true }]);
  assert.equal(await metric(survivor.base, "claro_index_queue_events_total", { event: "reclaimed" }), 1);

  // A fresh instance in the victim's place serves the same vulnerability report as the survivor.
  const fresh = await serve(`${victim.name}2`);
  if (victim === a) a = fresh;
  else b = fresh;
  const [va, vb] = (await Promise.all(both().map(async (s) => report(await fetch(`${s.base}/matcher/api/v1/vulnerability_report/${m.hash}`))))) as [
    Record<string, unknown>,
    Record<string, unknown>,
  ];
  assert.ok(Object.keys(va["vulnerabilities"] as object).length > 0, "bookworm-multilayer's openssl and libexpat1 have advisories in the feed");
  assert.deepEqual(va, vb);
});

test("SIGTERM releases the running job: the other instance finishes it and the leaving one still answers", async () => {
  const m = await clairManifest(registry, "test/alpine-3.20.3", "3.20.3-zstd", relay.host);
  relay.holding = true;
  const held = relay.heldCount;
  const responses = [postIndex(a.base, m), postIndex(b.base, m)];
  await relay.waitHeld(held);
  const leaving = await runner(m.hash);
  const staying = leaving === a ? b : a;
  const started = Date.now();
  leaving.child.kill("SIGTERM");
  // Released (queued, lease cleared), then claimed by the staying instance, whose fetch is held too.
  await until("the staying instance to take the job", async () => (await jobs(m.hash))[0]?.owner?.split(":")[1] === String(staying.child.pid));
  relay.release();
  const [ra, rb] = (await Promise.all(responses.map(async (r) => report(await r)))) as [Record<string, unknown>, Record<string, unknown>];
  assert.equal(await leaving.exited, 0, leaving.log());
  console.log(`# SIGTERM to both answered and the instance gone: ${Date.now() - started} ms`);
  assert.equal(ra["state"], "IndexFinished");
  assert.deepEqual(ra, rb);
  assert.deepEqual(
    (await jobs(m.hash)).map((j) => [j.state, j.attempts]),
    [["done", 1]],
    "a released claim is not an attempt",
  );
  assert.deepEqual(await reports(m.hash), [{ state: "IndexFinished", has_report: true }]);
  assert.match(leaving.log(), /released running jobs back to the queue/);
});
