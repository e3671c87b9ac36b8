import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { imageRules } from "./index.js";

/**
 * Convention: every `*.ts` file in this folder is a rule, except `index.ts`, `input.ts`,
 * helpers named `*-util.ts` and tests (`*.test.ts`). `testdata/` holds test fixtures only.
 */
const here = dirname(fileURLToPath(import.meta.url));
const ruleFiles = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("-util.ts") && f !== "index.ts" && f !== "input.ts")
  .map((f) => f.slice(0, -3))
  .sort();

test("every rule file is registered in imageRules, and nothing else is", () => {
  assert.deepEqual(Object.keys(imageRules).sort(), ruleFiles);
});

test("every rule's id equals its map key and file name, and it has a test file", () => {
  const files = new Set(readdirSync(here));
  for (const [key, rule] of Object.entries(imageRules)) {
    assert.equal(rule.id, key);
    assert.match(rule.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    assert.equal(rule.group, "image");
    assert.ok(files.has(`${key}.ts`) && files.has(`${key}.test.ts`), key);
    assert.ok(rule.needs.length > 0 && rule.remediation.length > 0 && rule.title.length > 0, key);
  }
});
