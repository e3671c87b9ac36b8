// Test support (not production code): walks testdata/want.json for the runtime rule tests.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CheckStatus } from "../../../core/check.js";
import type { CheckRule } from "../../../contracts/check-rule.js";
import { parseRuntime, type RuntimeCheckInput } from "../input.js";

export const TESTDATA = import.meta.dirname;

export type Want = Readonly<Record<string, Readonly<Record<string, CheckStatus>>>>;

export function loadWant(): Want {
  return JSON.parse(readFileSync(join(TESTDATA, "want.json"), "utf8")) as Want;
}

export function loadCase(file: string): { text: string; input: RuntimeCheckInput } {
  const text = readFileSync(join(TESTDATA, file), "utf8");
  return { text, input: parseRuntime(text, file) };
}

/** Evidence must point at a real line whose text names the key (or the container, for unset settings). */
export function assertEvidenceLines(rule: CheckRule<RuntimeCheckInput>, file: string): void {
  const { text, input } = loadCase(file);
  const outcome = rule.evaluate(input);
  if (outcome.status !== "fail") return;
  const lines = text.split("\n");
  for (const e of outcome.evidence) {
    assert.equal(e.file, file);
    assert.ok(typeof e.line === "number" && e.line >= 1 && e.line <= lines.length, `${file}: evidence line ${String(e.line)}`);
    assert.ok(e.detail?.includes(input.containers[0]!.name), `${file}: evidence names the container`);
    const last = e.key
      ?.split(".")
      .pop()
      ?.replace(/\[\d+\]$/, "");
    if (last && !e.key?.endsWith("]")) {
      assert.ok(lines[e.line - 1]!.includes(last), `${file}:${e.line} should show ${last}: ${lines[e.line - 1]}`);
    }
  }
}

/**
 * Registers one test per testdata file that states an expectation for the rule, and one that
 * the rule's cases cover both a passing and a failing (or manual) side.
 */
export function ruleCases(rule: CheckRule<RuntimeCheckInput>): void {
  const want = loadWant();
  const cases = Object.entries(want).flatMap(([file, rules]) => (rules[rule.id] ? [[file, rules[rule.id]!] as const] : []));
  for (const [file, status] of cases) {
    test(`${rule.id}: ${file} → ${status}`, () => {
      const outcome = rule.evaluate(loadCase(file).input);
      assert.equal(outcome.status, status, JSON.stringify(outcome));
      assertEvidenceLines(rule, file);
    });
  }
  test(`${rule.id}: testdata covers both sides`, () => {
    const statuses = new Set(cases.map(([, s]) => s));
    const manualOnly = rule.id.startsWith("exec-") || rule.id === "sshd" || rule.id === "default-ulimits";
    if (manualOnly) assert.ok(statuses.has("manual"));
    else {
      assert.ok(statuses.has("pass"), "a passing case");
      assert.ok(statuses.has("fail") || statuses.has("manual"), "a failing case");
    }
  });
}
