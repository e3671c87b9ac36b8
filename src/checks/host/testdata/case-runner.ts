// Test support (not production): runs a rule against every case whose want.json names it.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CheckRule } from "../../../contracts/check-rule.js";
import type { CheckStatus } from "../../../core/check.js";
import { loadHostSnapshot, type HostSnapshot } from "../input.js";
import { loadCase, type HostCase } from "./case-tree.js";

export const CASES_DIR = join(import.meta.dirname, "cases");

let cached: HostCase[] | undefined;
export function allCases(): HostCase[] {
  cached ??= readdirSync(CASES_DIR)
    .sort()
    .map((name) => loadCase(join(CASES_DIR, name), name));
  return cached;
}

/**
 * One test per case that names the rule, asserting the expected status, plus a test that the
 * cases exercise every side listed in `sides` (so each rule is seen passing and failing).
 */
export function testRuleAgainstCases(rule: CheckRule<HostSnapshot>, sides: readonly CheckStatus[]): void {
  const cases = allCases().filter((c) => rule.id in c.want);
  for (const c of cases) {
    test(`${rule.id}: case ${c.name} → ${c.want[rule.id]}`, () => {
      const out = rule.evaluate(loadHostSnapshot(c.tree, c.options));
      assert.equal(out.status, c.want[rule.id], JSON.stringify(out));
      if (out.status === "fail") assert.ok(out.evidence.length > 0 && out.evidence.every((e) => e.file !== undefined), "fail carries located evidence");
    });
  }
  test(`${rule.id}: cases cover ${sides.join(", ")}`, () => {
    const seen = new Set(cases.map((c) => c.want[rule.id]));
    for (const s of sides) assert.ok(seen.has(s), `no case expects ${s} for ${rule.id}`);
  });
}
