import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { runtimeRules } from "./index.js";
import { loadCase, loadWant } from "./testdata/cases.js";

/**
 * Folder convention: every `*.ts` here is a rule file named after its rule id, except `input.ts`,
 * `index.ts`, helpers named `*-util.ts`, and tests `*.test.ts`.
 */
const ruleFiles = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("-util.ts") && f !== "input.ts" && f !== "index.ts")
  .map((f) => f.replace(/\.ts$/, ""));

test("every rule file is registered under its id, and every registered rule has a file", () => {
  const keys = Object.keys(runtimeRules);
  for (const file of ruleFiles) assert.ok(keys.includes(file), `${file}.ts is missing from runtimeRules`);
  for (const key of keys) assert.ok(ruleFiles.includes(key), `runtimeRules.${key} has no ${key}.ts`);
});

test("each rule's id equals its map key and file name, and it is a well-formed runtime rule", () => {
  for (const [key, rule] of Object.entries(runtimeRules)) {
    assert.equal(rule.id, key);
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(rule.group, "runtime");
    assert.match(rule.benchmarkIds["1.6.0"] ?? "", /^5\.\d+$/, `${key} has a v1.6.0 §5 id`);
    assert.ok(rule.needs.length > 0 && rule.remediation.length > 0 && rule.title.length > 0);
    const source = readFileSync(new URL(`./${key}.ts`, import.meta.url), "utf8");
    assert.ok(source.includes(`id: "${key}"`), `${key}.ts declares the id`);
  }
});

test("every rule has its own test file", () => {
  const tests = new Set(readdirSync(import.meta.dirname).filter((f) => f.endsWith(".test.ts")));
  for (const key of Object.keys(runtimeRules)) assert.ok(tests.has(`${key}.test.ts`), `${key}.test.ts`);
});

test("the testdata table names only real rules, and every testdata file parses without problems", () => {
  for (const [file, rules] of Object.entries(loadWant())) {
    for (const id of Object.keys(rules)) assert.ok(id in runtimeRules, `${file}: unknown rule ${id}`);
    const { input } = loadCase(file);
    assert.deepEqual(input.problems, [], file);
    assert.equal(input.containers.length, 1, file);
  }
});

test("the hardened baselines give the same verdict on every rule in all three formats, apart from Kubernetes' not-applicable ones", () => {
  const want = loadWant();
  for (const file of ["inspect/hardened.json", "compose/hardened.yaml", "kubernetes/hardened.yaml"]) {
    const { input } = loadCase(file);
    for (const [id, rule] of Object.entries(runtimeRules)) {
      assert.equal(rule.evaluate(input).status, want[file]?.[id], `${file} ${id}`);
    }
  }
});
