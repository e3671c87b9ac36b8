import assert from "node:assert/strict";
import { test } from "node:test";
import { isFatalError, type Problem } from "../core/problem.js";
import { checkMaxShrink, guardShrink, shrinkRefusal } from "./shrink-guard.js";

const bad: Problem = { kind: "bad-feed-record", updater: "u", detail: "pkg: expected an object" };

test("shrinkRefusal: the default limit is half the stored records; zero is always a shrink", () => {
  assert.equal(shrinkRefusal(1000, 500, []), null, "exactly half is still accepted");
  assert.match(shrinkRefusal(1000, 499, []) ?? "", /refusing to replace 1000 records with 499 \(50% fewer; the limit is 50%\)/);
  assert.match(shrinkRefusal(1, 0, []) ?? "", /with 0 /);
  assert.equal(shrinkRefusal(1000, 2000, []), null, "growth is never refused");
  assert.equal(shrinkRefusal(0, 0, []), null, "a first load has nothing to lose");
});

test("shrinkRefusal: maxShrink and allowShrink", () => {
  assert.equal(shrinkRefusal(1000, 300, [], { maxShrink: 0.8 }), null);
  assert.notEqual(shrinkRefusal(1000, 900, [], { maxShrink: 0.05 }), null);
  assert.equal(shrinkRefusal(1000, 0, [], { allowShrink: true }), null);
  assert.notEqual(shrinkRefusal(1000, 0, [], { maxShrink: 1 }), null, "zero records is refused under any fraction");
});

test("shrinkRefusal: a feed none of whose records is valid is refused, even on a first load or with allowShrink", () => {
  assert.match(shrinkRefusal(0, 0, [bad]) ?? "", /no record of the feed is valid \(1 rejected; first: u: pkg: expected an object\)/);
  assert.notEqual(shrinkRefusal(10, 0, [bad], { allowShrink: true }), null);
  assert.equal(shrinkRefusal(10, 9, [bad]), null, "some problems among good records are the updater's to report");
});

test("guardShrink passes every item through, then throws FEED_INVALID only once they are exhausted", () => {
  const seen: number[] = [];
  assert.throws(
    () => {
      for (const n of guardShrink(10, [1, 2, 3], [])) seen.push(n);
    },
    (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID" && /--allow-shrink/.test(e.hint ?? ""),
  );
  assert.deepEqual(seen, [1, 2, 3]);
  assert.deepEqual([...guardShrink(4, [1, 2, 3], [])], [1, 2, 3]);
});

test("checkMaxShrink takes a fraction in (0, 1]", () => {
  assert.equal(checkMaxShrink(0.25), 0.25);
  for (const v of [0, -1, 1.5, Number.NaN])
    assert.throws(
      () => checkMaxShrink(v),
      (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID",
    );
});
