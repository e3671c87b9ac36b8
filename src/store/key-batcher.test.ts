import assert from "node:assert/strict";
import { test } from "node:test";
import { KeyBatcher } from "./key-batcher.js";

/** A load that records each batch and answers when released, so the test controls timing. */
function controlledLoad(): { batches: string[][]; release: () => void; load: (keys: readonly string[]) => Promise<ReadonlyMap<string, number>> } {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  return {
    batches,
    release: () => gates.splice(0).forEach((g) => g()),
    load: (keys) => {
      batches.push([...keys]);
      return new Promise((resolve) => gates.push(() => resolve(new Map(keys.filter((k) => k !== "absent").map((k) => [k, k.length])))));
    },
  };
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test("reads asked in one turn share a load; repeated keys are asked once; an unknown key is null", async () => {
  const c = controlledLoad();
  const b = new KeyBatcher(c.load);
  const all = Promise.all(["a", "bb", "a", "absent"].map((k) => b.get(k)));
  await turn();
  c.release();
  assert.deepEqual(await all, [1, 2, 1, null]);
  assert.deepEqual(c.batches, [["a", "bb", "absent"]]);
});

test("reads asked while the in-flight limit is reached wait and go out together in the next load", async () => {
  const c = controlledLoad();
  const b = new KeyBatcher(c.load, 1);
  const first = b.get("a");
  await turn();
  const later = Promise.all(["bb", "ccc", "bb"].map((k) => b.get(k)));
  await turn();
  assert.deepEqual(c.batches, [["a"]], "nothing else is sent while the first load is in flight");
  c.release();
  assert.equal(await first, 1);
  for (let i = 0; i < 100 && c.batches.length < 2; i++) await turn();
  c.release();
  assert.deepEqual(await later, [2, 3, 2]);
  assert.deepEqual(c.batches, [["a"], ["bb", "ccc"]]);
});

test("a failed load rejects every read of its batch, and the next batch still runs", async () => {
  let calls = 0;
  const b = new KeyBatcher<string, number>(async (keys) => {
    if (calls++ === 0) throw new Error("connection lost");
    return new Map(keys.map((k) => [k, 7]));
  });
  const failed = await Promise.allSettled([b.get("x"), b.get("y")]);
  assert.deepEqual(
    failed.map((r) => r.status),
    ["rejected", "rejected"],
  );
  assert.match(String((failed[0] as PromiseRejectedResult).reason), /connection lost/);
  assert.equal(await b.get("x"), 7);
});
