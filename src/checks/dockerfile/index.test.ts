import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { dockerfileRules } from "./index.js";

/**
 * Convention: every `.ts` file in this folder is a rule, except tests, `index.ts`, `input.ts`
 * and helpers whose names end in `-util.ts`. A rule in `<name>.ts` has id `dockerfile-<name>`.
 */
const dir = dirname(fileURLToPath(import.meta.url));
const ruleFiles = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("-util.ts") && f !== "index.ts" && f !== "input.ts")
  .map((f) => f.replace(/\.ts$/, ""));

test("every rule file is registered, under the id its file name gives", () => {
  const ids = Object.keys(dockerfileRules);
  for (const file of ruleFiles) assert.ok(ids.includes(`dockerfile-${file}`), `${file}.ts is missing from dockerfileRules`);
  assert.equal(ids.length, ruleFiles.length, "the map names a rule without a file");
});

test("every rule's id equals its key, is kebab-case and declares what it needs", () => {
  for (const [key, rule] of Object.entries(dockerfileRules)) {
    assert.equal(rule.id, key);
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(rule.group, "dockerfile");
    assert.ok(rule.needs.length > 0 && rule.remediation.length > 0 && rule.references.length > 0, key);
  }
});
