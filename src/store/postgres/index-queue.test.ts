import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { PostgresIndexStore } from "./index-store.js";
import type { JobEvent } from "../../contracts/index-jobs.js";
import { PostgresIndexJobs } from "./index-queue.js";

const schema = uniqueSchema();
let url = "";
let q1: PostgresIndexJobs;
let q2: PostgresIndexJobs;
const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, "0")}`;
const body = (n: number): unknown => ({ hash: digest(n), layers: [] });

before(async () => {
  url = withSchema(await pgTestUrl(), schema);
  const store = new PostgresIndexStore(url);
  await store.migrate();
  await store.close();
  // Two "instances": separate pools, as two processes would have.
  [q1, q2] = [new PostgresIndexJobs(url), new PostgresIndexJobs(url)];
});

after(async () => {
  await q1.close();
  await q2.close();
  await dropSchema(schema);
});

test("enqueue: a second request for a queued or running manifest joins its job; an ended job does not block a new one", async () => {
  const [x, y] = await Promise.all([q1.enqueue(digest(1), body(1)), q2.enqueue(digest(1), body(1))]);
  assert.equal(x.id, y.id);
  assert.deepEqual([x.joined, y.joined].sort(), [false, true]);
  const claimed = await q1.claim("one", 60_000, 3);
  assert.equal(claimed?.id, x.id);
  assert.deepEqual(claimed?.body, body(1));
  assert.equal((await q2.enqueue(digest(1), body(1))).joined, true, "running jobs are joined too");
  assert.equal(await q1.finish(x.id, "one", { state: "done" }), true);
  const again = await q2.enqueue(digest(1), body(1));
  assert.equal(again.joined, false);
  assert.notEqual(again.id, x.id);
  const rows = await adminQuery<{ state: string; body: unknown }>(`SELECT state, body FROM "${schema}".index_jobs WHERE manifest = $1 ORDER BY id`, [
    digest(1),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.state, r.body === null]),
    [
      ["done", true],
      ["queued", false],
    ],
    "an ended job keeps no credentials",
  );
  await q1.claim("one", 60_000, 3).then((j) => q1.finish(j!.id, "one", { state: "failed", code: "NETWORK", message: "refused" }));
});

test("claims with SKIP LOCKED: concurrent workers of two instances never take the same job", async () => {
  const ids = await Promise.all([10, 11, 12, 13, 14, 15].map(async (n) => (await q1.enqueue(digest(n), body(n))).id));
  const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? q1 : q2).claim(`w${i}`, 60_000, 3)));
  const got = claims.filter((c) => c !== null).map((c) => c.id);
  assert.equal(got.length, 6, "six jobs for eight workers");
  assert.deepEqual([...got].sort(), [...ids].sort(), "each job exactly once");
  assert.deepEqual(await q1.depth(), { queued: 0, running: 6 });
  for (const [i, c] of claims.entries()) if (c) await (i % 2 ? q1 : q2).finish(c.id, `w${i}`, { state: "done" });
});

test("a lease that expires makes the job claimable again; the old owner can then neither renew nor finish it", async () => {
  const { id } = await q1.enqueue(digest(20), body(20));
  assert.equal((await q1.claim("dead", 300, 3))?.id, id);
  assert.equal(await q2.claim("alive", 60_000, 3), null, "held while the lease runs");
  await sleep(400);
  const taken = await q2.claim("alive", 60_000, 3);
  assert.equal(taken?.id, id);
  assert.equal(taken?.attempts, 2);
  assert.deepEqual(await q1.renew("dead", [id], 60_000), []);
  assert.equal(await q1.finish(id, "dead", { state: "done" }), false);
  assert.deepEqual(await q2.renew("alive", [id], 60_000), [id]);
  assert.equal(await q2.finish(id, "alive", { state: "done" }), true);
});

test("release gives running jobs back without counting the claim; exhausted jobs are failed", async () => {
  const { id } = await q1.enqueue(digest(30), body(30));
  await q1.claim("leaving", 60_000, 3);
  assert.deepEqual(await q1.release("leaving"), [id]);
  const back = await q2.claim("staying", 60_000, 3);
  assert.equal(back?.id, id);
  assert.equal(back?.attempts, 1);
  await q2.finish(id, "staying", { state: "done" });

  const poison = await q1.enqueue(digest(31), body(31));
  for (let i = 0; i < 2; i++) {
    assert.equal((await q1.claim(`crash${i}`, 50, 2))?.id, poison.id);
    await sleep(100);
  }
  assert.equal(await q1.claim("next", 50, 2), null, "not claimed a third time");
  assert.deepEqual(await q1.abandonExhausted(2), [poison.id]);
  const [s] = await q1.status([poison.id]);
  assert.equal(s?.state, "failed");
  assert.equal(s?.errorCode, "TIMEOUT");
});

test("LISTEN hears this schema's queued and ended events", async () => {
  const events: JobEvent[] = [];
  const listener = new PostgresIndexJobs(url);
  await listener.listen(
    (e) => events.push(e),
    (e) => assert.fail(String(e)),
  );
  try {
    const { id } = await q1.enqueue(digest(40), body(40));
    await q1.claim("one", 60_000, 3);
    await q1.finish(id, "one", { state: "done" });
    for (let i = 0; i < 50 && events.length < 2; i++) await sleep(20);
    assert.deepEqual(events, [
      { event: "queued", id },
      { event: "ended", id },
    ]);
  } finally {
    await listener.close();
  }
});
