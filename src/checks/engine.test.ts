import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FatalError } from "../core/problem.js";
import type { CheckRule } from "../contracts/check-rule.js";
import { expiredEntries, runChecks, selectRules } from "./engine.js";
import { parseIgnoreFile } from "./ignore-file.js";

// Engine tests need rules whose outcome is known in advance; the real groups are tested in
// their own folders and through the CLI (test/e2e/check.test.ts).
type Input = { readonly user: string };

function rule(id: string, over: Partial<CheckRule<Input>>): CheckRule<Input> {
  return {
    id,
    group: "image",
    benchmarkIds: {},
    references: [],
    title: id,
    section: "4 Container Images and Build File",
    level: 1,
    severity: "medium",
    needs: ["image config"],
    remediation: "fix it",
    evaluate: (i) => (i.user === "root" ? { status: "fail", evidence: [{ key: "User", value: i.user }] } : { status: "pass" }),
    ...over,
  };
}

const rules = {
  "demo-fails": rule("demo-fails", { benchmarkIds: { "1.6.0": "4.1", "1.3.6": "4.1" }, references: ["CIS-DI-0001", "DS002"], severity: "high" }),
  "demo-healthcheck": rule("demo-healthcheck", { benchmarkIds: { "1.6.0": "4.6" }, evaluate: () => ({ status: "manual", instructions: "look" }) }),
  "demo-level2": rule("demo-level2", { level: 2, benchmarkIds: { "1.3.6": "4.9" }, references: ["DL3002"] }),
  "demo-throws": rule("demo-throws", {
    evaluate: () => {
      throw new TypeError("cannot read properties of undefined");
    },
  }),
} satisfies Record<string, CheckRule<Input>>;

const input: Input = { user: "root" };
const now = new Date("2026-06-01T00:00:00Z");

describe("runChecks", () => {
  it("runs every rule at level 2 (the default), in registry order, with 1.6.0 ids", () => {
    const report = runChecks(rules, input, { target: "img", now });
    assert.equal(report.benchmarkVersion, "1.6.0");
    assert.equal(report.group, "image");
    assert.deepEqual(
      report.results.map((r) => [r.ruleId, r.benchmarkId, r.outcome.status]),
      [
        ["demo-fails", "4.1", "fail"],
        ["demo-healthcheck", "4.6", "manual"],
        ["demo-level2", null, "fail"],
        ["demo-throws", null, "skip"],
      ],
    );
  });

  it("level 1 keeps only level-1 rules", () => {
    const ids = runChecks(rules, input, { target: "img", level: 1, now }).results.map((r) => r.ruleId);
    assert.deepEqual(ids, ["demo-fails", "demo-healthcheck", "demo-throws"]);
  });

  it("maps benchmark ids per version; a rule with none for the version gets null", () => {
    const report = runChecks(rules, input, { target: "img", benchmarkVersion: "1.3.6", now });
    assert.deepEqual(
      report.results.map((r) => r.benchmarkId),
      ["4.1", null, "4.9", null],
    );
  });

  it("includes and excludes by rule id, benchmark id (in the chosen version) or reference", () => {
    const ids = (o: { include?: string[]; exclude?: string[]; benchmarkVersion?: string }): string[] =>
      selectRules(rules, { target: "img", ...o }).map((r) => r.id);
    assert.deepEqual(ids({ include: ["demo-fails"] }), ["demo-fails"]);
    assert.deepEqual(ids({ include: ["4.6", "cis-di-0001"] }), ["demo-fails", "demo-healthcheck"]);
    assert.deepEqual(ids({ include: ["4.9"] }), [], "4.9 is a 1.3.6 id only");
    assert.deepEqual(ids({ include: ["4.9"], benchmarkVersion: "1.3.6" }), ["demo-level2"]);
    assert.deepEqual(ids({ exclude: ["DS002", "demo-throws"] }), ["demo-healthcheck", "demo-level2"]);
  });

  it("a rule that throws is reported as not evaluated, with the error, and the run goes on", () => {
    const report = runChecks(rules, input, { target: "img", now });
    const r = report.results.find((x) => x.ruleId === "demo-throws");
    assert.equal(r?.error, "cannot read properties of undefined");
    assert.equal(r?.outcome.status, "skip");
    assert.match(r?.outcome.status === "skip" ? r.outcome.missing : "", /failed to evaluate/);
    assert.equal(report.results.length, 4);
  });

  it("applies ignore entries by any id, keeps the results marked, and drops expired entries", () => {
    const path = join(import.meta.dirname, "testdata", "ignore.yaml");
    const ignore = parseIgnoreFile(readFileSync(path, "utf8"), path);
    assert.deepEqual(
      ignore.map((e) => e.expires),
      [null, "2099-01-01", "2020-01-01"],
    );
    const report = runChecks(rules, input, { target: "img", ignore, now });
    assert.deepEqual(
      report.results.map((r) => r.ignored?.reason ?? null),
      ["accepted until the base image moves to a non-root user", "healthchecks come from the orchestrator", null, null],
    );
    assert.deepEqual(
      expiredEntries(ignore, now).map((e) => e.id),
      ["DL3002"],
    );
  });
});

describe("parseIgnoreFile", () => {
  it("requires a reason per entry", () => {
    assert.throws(
      () => parseIgnoreFile("- id: demo-fails\n", "x.yaml"),
      (e: unknown) => e instanceof FatalError && e.code === "CONFIG_INVALID" && /entry 1 \(reason\)/.test(e.message),
    );
    assert.throws(() => parseIgnoreFile("- id: a\n  reason: '  '\n", "x.yaml"), FatalError);
  });

  it("rejects a non-list, bad YAML and a malformed expiry", () => {
    assert.throws(() => parseIgnoreFile("id: a\n", "x.yaml"), /expected a list/);
    assert.throws(() => parseIgnoreFile("- id: [a\n", "x.yaml"), /not valid YAML/);
    assert.throws(() => parseIgnoreFile("- id: a\n  reason: r\n  expires: soon\n", "x.yaml"), /expires/);
  });

  it("accepts an empty file", () => {
    assert.deepEqual(parseIgnoreFile("", "x.yaml"), []);
  });
});
