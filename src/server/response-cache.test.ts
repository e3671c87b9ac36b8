import assert from "node:assert/strict";
import { test } from "node:test";
import { cachedGeneration, ResponseCache } from "./response-cache.js";

test("a body is served only for the version it was rendered at; least recently used bodies leave first", () => {
  const cache = new ResponseCache(35);
  cache.set("a", "v1", Buffer.from("x".repeat(10)));
  assert.deepEqual(cache.get("a", "v1"), Buffer.from("x".repeat(10)));
  assert.equal(cache.get("a", "v2"), undefined, "another version is a miss");
  cache.set("b", "v1", Buffer.from("y".repeat(10)));
  cache.set("c", "v1", Buffer.from("z".repeat(10)));
  assert.deepEqual(cache.get("a", "v1"), Buffer.from("x".repeat(10)), "touch a: b is now the oldest");
  cache.set("d", "v1", Buffer.from("w".repeat(10)));
  assert.equal(cache.get("b", "v1"), undefined);
  assert.deepEqual(
    ["a", "c", "d"].map((k) => cache.get(k, "v1")?.length),
    [10, 10, 10],
  );
  cache.set("huge", "v1", Buffer.from("h".repeat(18)));
  assert.equal(cache.get("huge", "v1"), undefined, "a body over half the budget is not kept");
  cache.delete("a");
  assert.equal(cache.size, 2);
});

test("the advisory generation is read at most once per ttl, and a failed read is not kept", async () => {
  let clock = 0;
  let reads = 0;
  let fail = false;
  const generation = cachedGeneration(
    async () => {
      reads += 1;
      if (fail) throw new Error("db down");
      return `g${reads}`;
    },
    500,
    () => clock,
  );
  assert.deepEqual(await Promise.all([generation(), generation(), generation()]), ["g1", "g1", "g1"]);
  clock = 499;
  assert.equal(await generation(), "g1");
  clock = 500;
  assert.equal(await generation(), "g2");
  clock = 1000;
  fail = true;
  await assert.rejects(generation(), /db down/);
  fail = false;
  assert.equal(await generation(), "g4", "the failure was not cached");
});
