import assert from "node:assert/strict";
import { test } from "node:test";
import { isFatalError } from "../core/problem.js";
import { jsonObjectMembers } from "./json-members.js";

/** The document as slices of `size` bytes, so every boundary case is crossed somewhere. */
function* sliced(text: string, size: number): Generator<Uint8Array> {
  const b = Buffer.from(text, "utf8");
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

const members = (text: string, size = 3): [string, unknown][] => [...jsonObjectMembers(sliced(text, size), "t")];
const invalid = (e: unknown): boolean => isFatalError(e) && e.code === "FEED_INVALID";

test("members come out as JSON.parse sees them, whatever the slice size", () => {
  const doc = { "a,b": { x: '}{,"[]\\', y: [1, { z: null }] }, "é😀": "ü", n: -1.5e3, t: true, e: {}, l: [] };
  const text = ` \n${JSON.stringify(doc, null, 1)}\n `;
  for (const size of [1, 2, 3, 7, 64, 1 << 20]) assert.deepEqual(Object.fromEntries(members(text, size)), doc, `slices of ${size}`);
  // Runs of backslashes before a quote, at the start and end of strings, across every slice boundary.
  const escapes = { "\\": '\\\\"', 'k\\"': ["\\", '"', "a\\\\", '\\"\\', "", "}\\,", "\u0022"], '""': { "\\\\": "x\\" } };
  const escaped = JSON.stringify(escapes);
  for (const size of [1, 2, 3, 4, 5, 8, 1 << 20]) assert.deepEqual(Object.fromEntries(members(escaped, size)), escapes, `escapes in slices of ${size}`);
  assert.deepEqual(members("{}"), []);
  assert.deepEqual(members(" { } \n"), []);
});

test("a document that is empty, not an object, cut short, malformed or followed by data is FEED_INVALID", () => {
  const text = JSON.stringify({ a: { b: "c,d" }, e: [1, 2] });
  for (let cut = 0; cut < text.length; cut++) assert.throws(() => members(text.slice(0, cut)), invalid, `cut at ${cut}`);
  for (const bad of ["", "  ", "[]", '"x"', "5", '{"a": 1,}', '{"a" 1}', '{"a": 1} {"b": 2}', '{"a": 1}x', '{"a": [}']) {
    assert.throws(() => members(bad), invalid, bad);
  }
});

test("members are yielded before the rest is read", () => {
  let read = 0;
  const slices = function* (): Generator<Uint8Array> {
    for (const s of sliced('{"a": 1, "b": 2, "c": 3', 4)) {
      read += s.length;
      yield s;
    }
  };
  const it = jsonObjectMembers(slices(), "t");
  assert.deepEqual(it.next().value, ["a", 1]);
  assert.ok(read < 16, `only the first member's bytes were read (${read})`);
  assert.deepEqual(it.next().value, ["b", 2]);
  // The cut document fails only when the loop reaches the cut.
  assert.throws(() => it.next(), invalid);
});
