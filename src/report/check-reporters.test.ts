import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot, sharedPath } from "../../test/support/shared.js";
import { checkReportDocument } from "./check-json.js";
import { renderCheckJson } from "./check-json.js";
import { renderCheckJunit } from "./check-junit.js";
import { CHECK_FORMATS, checkReporters } from "./check-registry.js";
import { renderCheckSarif, renderScanSarif } from "./check-sarif.js";
import { checkVerdict, summarizeChecks } from "./check-summary.js";
import { renderCheckTable } from "./check-table.js";
import { renderSarif } from "./sarif-reporter.js";
import { checkReport, dockerfileReport, FIXED_CHECK_NOW } from "./testdata/check-fixture.js";
import { vulnerabilityReport } from "./testdata/fixture.js";
import { sarifViolations } from "./testdata/sarif-check.js";

// UPDATE_GOLDEN=1 rewrites the `want` files; review the diff.
const update = process.env["UPDATE_GOLDEN"] === "1";
const testdata = join(repoRoot, "src", "report", "testdata");

function golden(name: string, got: string): string {
  const path = join(testdata, name);
  if (update) writeFileSync(path, got);
  return readFileSync(path, "utf8");
}

describe("check summary and policy", () => {
  it("counts by display status and scores pass / (pass + fail + error)", () => {
    const s = summarizeChecks(checkReport);
    assert.deepEqual(s, { total: 7, pass: 1, fail: 2, skip: 1, manual: 1, ignored: 1, error: 1, score: 25 });
  });

  it("fails on non-ignored failures at or above the severity; ignored results never count", () => {
    assert.equal(checkVerdict(checkReport, undefined).passed, true);
    assert.deepEqual(
      checkVerdict(checkReport, "high").failing.map((r) => r.ruleId),
      ["non-root-user"],
    );
    assert.deepEqual(
      checkVerdict(checkReport, "low").failing.map((r) => r.ruleId),
      ["non-root-user", "setuid-setgid-files"],
    );
    assert.equal(checkVerdict(checkReport, "critical").passed, true);
    assert.deepEqual(
      checkVerdict(checkReport, undefined).errors.map((r) => r.ruleId),
      ["sudo-usage"],
    );
  });
});

describe("check reporters", () => {
  it("table: grouped by section, evidence lines, summary and score", () => {
    const got = renderCheckTable(checkReport, { color: false });
    assert.equal(got, golden("want-check-table.txt", got));
  });

  it("json: versioned document that validates against its schema", () => {
    const got = renderCheckJson(checkReport, { now: FIXED_CHECK_NOW });
    assert.equal(got, golden("want-check.json", got));
    const parsed = checkReportDocument.safeParse(JSON.parse(got));
    assert.ok(parsed.success, parsed.success ? "" : parsed.error.message);
  });

  it("junit: one testcase per rule, failures with evidence, skipped for skip/manual/ignored", () => {
    const got = renderCheckJunit(checkReport);
    assert.equal(got, golden("want-check-junit.xml", got));
    assert.equal((got.match(/<testcase /g) ?? []).length, checkReport.results.length);
    assert.equal((got.match(/<failure /g) ?? []).length, 2);
    assert.equal((got.match(/<skipped /g) ?? []).length, 3);
    assert.equal((got.match(/<error /g) ?? []).length, 1);
    assert.ok(got.includes("setuid &lt;root&gt; &amp; &quot;friends&quot;"), "evidence is escaped");
  });

  it("sarif: every failed finding located; ignored ones suppressed; rule errors as notifications", () => {
    const got = renderCheckSarif(checkReport);
    assert.equal(got, golden("want-check.sarif", got));
    const doc = JSON.parse(got) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: unknown[] }[];
        invocations: { executionSuccessful: boolean }[];
      }[];
    };
    assert.deepEqual(sarifViolations(doc), []);
    const run = doc.runs[0]!;
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri]),
      [
        ["non-root-user", "images/app.tar:v1"],
        ["setuid-setgid-files", "usr/bin/su"],
        ["setuid-setgid-files", "usr/bin/passwd"],
        ["latest-tag", "images/app.tar:v1"],
      ],
    );
    assert.equal(run.results.find((r) => r.ruleId === "latest-tag")?.suppressions?.length, 1);
    assert.equal(run.invocations[0]!.executionSuccessful, false);
  });

  it("sarif: file and line evidence becomes a physical location with a region", () => {
    const doc = JSON.parse(renderCheckSarif(dockerfileReport)) as { runs: { results: { locations: unknown[] }[] }[] };
    assert.deepEqual(sarifViolations(doc), []);
    assert.deepEqual(doc.runs[0]!.results[0]!.locations[0], { physicalLocation: { artifactLocation: { uri: "build/Dockerfile" }, region: { startLine: 7 } } });
  });

  it("sarif: vulnerabilities alone, and merged with checks into one run", () => {
    const vuln = JSON.parse(renderSarif(vulnerabilityReport)) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    assert.deepEqual(sarifViolations(vuln), []);
    assert.equal(vuln.runs[0]!.results.length, vulnerabilityReport.vulnerabilities.length);
    const merged = JSON.parse(renderScanSarif(vulnerabilityReport, checkReport)) as typeof vuln;
    assert.deepEqual(sarifViolations(merged), []);
    assert.equal(merged.runs.length, 1);
    const ids = new Set(merged.runs[0]!.results.map((r) => r.ruleId));
    assert.ok(ids.has("CVE-2025-0003") && ids.has("setuid-setgid-files"));
    assert.equal(merged.runs[0]!.results.length, vulnerabilityReport.vulnerabilities.length + 4);
  });

  it("the structural SARIF check rejects Dockle's location-less or misplaced results", () => {
    // Dockle's own SARIF samples: what GitHub refused, and why claro's validator exists.
    const dir = sharedPath("fixtures", "cis", "dockle", "sarif");
    const bad = {
      version: "2.1.0",
      $schema: "x",
      runs: [
        {
          tool: { driver: { name: "Dockle", rules: [{ id: "A", shortDescription: { text: "a" } }] } },
          results: [{ ruleId: "A", level: "error", message: { text: "m" } }],
        },
      ],
    };
    assert.deepEqual(sarifViolations(bad), ["runs[0].results[0] has no location"]);
    const found = Object.fromEntries(
      readdirSync(dir)
        .sort()
        .map((f) => [f, sarifViolations(JSON.parse(readFileSync(join(dir, f), "utf8")) as unknown)]),
    );
    assert.deepEqual(found, {
      "CIS-DI-0010.sarif": [],
      "DKL-DI-0006.sarif": ["runs[0].results[0].locations[0] uri 'alpine:latest' has a non-file scheme"],
    });
    const claro = JSON.parse(renderCheckSarif({ ...checkReport, target: "alpine:latest" })) as unknown;
    assert.deepEqual(sarifViolations(claro), [], "claro writes the same image as ./alpine:latest");
  });

  it("registers every format under its own name", () => {
    assert.deepEqual(CHECK_FORMATS, ["table", "json", "sarif", "junit", "html"]);
    for (const f of CHECK_FORMATS) assert.ok(checkReporters[f].render(checkReport, { color: false }).includes("setuid-setgid-files"));
  });
});
