import assert from "node:assert/strict";
import { test } from "node:test";
import { ResponseCache } from "./response-cache.js";

test("a body is served only for the version it was rendered at; least recently used bodies leave first", () => {
  const cache = new ResponseCache(35);
  cache.set("a", "v1", "x".repeat(10));
  assert.equal(cache.get("a", "v1"), "x".repeat(10));
  assert.equal(cache.get("a", "v2"), undefined, "another version is a miss");
  cache.set("b", "v1", "y".repeat(10));
  cache.set("c", "v1", "z".repeat(10));
  assert.equal(cache.get("a", "v1"), "x".repeat(10), "touch a: b is now the oldest");
  cache.set("d", "v1", "w".repeat(10));
  assert.equal(cache.get("b", "v1"), undefined);
  assert.deepEqual(["a", "c", "d"].map((k) => cache.get(k, "v1")?.length), [10, 10, 10]);
  cache.set("huge", "v1", "h".repeat(18));
  assert.equal(cache.get("huge", "v1"), undefined, "a body over half the budget is not kept");
  cache.delete("a");
  assert.equal(cache.size, 2);
});
