import assert from "node:assert/strict";
import { test } from "node:test";
import { IndexPool, type Admission } from "./index-pool.js";
import { Metrics } from "../metrics.js";

/** A piece of work that ends when told to. */
function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

test("admits concurrency + queueLimit, runs at most concurrency at once, and takes new work once admissions end", async () => {
  const metrics = new Metrics();
  const pool = new IndexPool({ concurrency: 2, queueLimit: 1 }, metrics);
  const admitted = [pool.admit(), pool.admit(), pool.admit()].filter((a): a is Admission => a !== null);
  assert.equal(admitted.length, 3);
  assert.equal(pool.admit(), null, "past concurrency + queueLimit");
  let running = 0;
  let peak = 0;
  const gates = admitted.map(() => gate());
  const started: number[] = [];
  const runs = admitted.map((a, i) =>
    a.run(async () => {
      started.push(i);
      running += 1;
      peak = Math.max(peak, running);
      await gates[i]!.promise;
      running -= 1;
    }),
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1], "the third waits for a slot");
  assert.deepEqual(pool.stats(), { admitted: 3, running: 2, waiting: 1 });
  gates[0]!.open();
  await runs[0];
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1, 2], "a freed slot goes to the waiter");
  const room = pool.admit();
  assert.ok(room, "an ended admission makes room");
  room.cancel();
  gates[1]!.open();
  gates[2]!.open();
  await Promise.all(runs);
  assert.equal(peak, 2);
  assert.deepEqual(pool.stats(), { admitted: 0, running: 0, waiting: 0 });
  assert.match(await metrics.render(), /claro_index_pool_refused_total 1\b/);
});

test("a failing run and a held or cancelled admission give their place back", async () => {
  const pool = new IndexPool({ concurrency: 1, queueLimit: 0 });
  const a = pool.admit();
  assert.ok(a);
  await assert.rejects(
    a.run(() => Promise.reject(new Error("boom"))),
    /boom/,
  );
  const b = pool.admit();
  assert.ok(b, "a failed run ended its admission");
  await assert.rejects(b.hold(Promise.reject(new Error("job failed"))), /job failed/);
  const c = pool.admit();
  assert.ok(c, "a held admission ends with its work");
  c.cancel();
  c.cancel();
  assert.deepEqual(pool.stats(), { admitted: 0, running: 0, waiting: 0 }, "cancel twice counts once");
  // Slots taken by work admitted elsewhere (index queue workers) are shared with admitted runs.
  const g = gate();
  const worker = pool.slot(() => g.promise);
  const d = pool.admit();
  assert.ok(d);
  let ran = false;
  const run = d.run(async () => {
    ran = true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(ran, false, "the only slot is the worker's");
  g.open();
  await Promise.all([worker, run]);
  assert.equal(ran, true);
});

test("bad options are refused at construction", () => {
  assert.throws(() => new IndexPool({ concurrency: 0, queueLimit: 1 }), RangeError);
  assert.throws(() => new IndexPool({ concurrency: 1, queueLimit: -1 }), RangeError);
});
