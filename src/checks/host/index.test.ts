import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import { hostRules } from "./index.js";

// Convention: every .ts file in this folder is a rule file except input.ts, index.ts, helpers
// named *-util.ts, and tests (*.test.ts). Each rule file is registered under its own name.
const ruleFiles = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("-util.ts") && f !== "input.ts" && f !== "index.ts")
  .map((f) => f.slice(0, -3))
  .sort();

test("every rule file is in hostRules and every entry has a file", () => {
  assert.deepEqual(Object.keys(hostRules).sort(), ruleFiles);
});

test("each rule's id equals its map key and file name; metadata is complete", () => {
  for (const [key, rule] of Object.entries(hostRules)) {
    assert.equal(rule.id, key);
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(rule.group, "host");
    assert.match(rule.benchmarkIds["1.6.0"] ?? "", /^[1-3]\.\d+(\.\d+)?$/, key);
    assert.ok(rule.needs.length > 0 && rule.remediation.length > 0 && rule.title.length > 0, key);
  }
});

test("CIS v1.6.0 ids are unique and cover §1.1.1–1.1.18, 1.2.1–1.2.2, 2.1–2.18, 3.1–3.24", () => {
  const ids = Object.values(hostRules).map((r) => r.benchmarkIds["1.6.0"]!);
  assert.equal(new Set(ids).size, ids.length);
  const want = [
    ...Array.from({ length: 18 }, (_, i) => `1.1.${i + 1}`),
    "1.2.1",
    "1.2.2",
    ...Array.from({ length: 18 }, (_, i) => `2.${i + 1}`),
    ...Array.from({ length: 24 }, (_, i) => `3.${i + 1}`),
  ];
  assert.deepEqual([...ids].sort(), [...want].sort());
});
