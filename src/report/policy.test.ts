import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FatalError } from "../core/problem.js";
import type { VulnerabilityReport } from "../core/report.js";
import { applyPolicy, parseSeverityList, parseSeverityOption, parseStatusList, type Policy } from "./policy.js";
import { vulnerabilityReport as report } from "./testdata/fixture.js";
import { parseWhitelist } from "./whitelist.js";

// The fixture: critical, high ×2 (fixed), medium (fixed), low (affected, unfixed),
// negligible (will_not_fix, unfixed), unknown (affected, unfixed).
function shownIds(r: VulnerabilityReport): string[] {
  return r.vulnerabilities.map((v) => `${v.id}/${v.package.name}`).sort();
}

function isConfigError(e: unknown): boolean {
  return e instanceof FatalError && e.code === "CONFIG_INVALID" && !e.message.includes("\n");
}

describe("policy", () => {
  it("an empty policy keeps everything, passes and counts all", () => {
    const r = applyPolicy(report, {});
    assert.equal(r.report.vulnerabilities.length, 7);
    assert.deepEqual(r.verdict, { passed: true, reasons: [], counted: 7 });
    assert.deepEqual(r.hidden, { whitelist: 0, severity: 0, status: 0, unfixed: 0 });
  });

  it("severities shows and counts only the listed ones", () => {
    const r = applyPolicy(report, { severities: ["high", "critical"] });
    assert.deepEqual(shownIds(r.report), ["CVE-2025-0001/libssl3", "CVE-2025-0001/openssl", "CVE-2025-0003/python3.11-minimal"]);
    assert.equal(r.verdict.counted, 3);
    assert.equal(r.hidden.severity, 4);
  });

  it("ignoreUnfixed hides findings without a fixed version (Trivy)", () => {
    const r = applyPolicy(report, { ignoreUnfixed: true });
    assert.equal(
      r.report.vulnerabilities.every((v) => v.fixedVersion !== null),
      true,
    );
    assert.equal(r.report.vulnerabilities.length, 4);
    assert.equal(r.hidden.unfixed, 3);
    assert.equal(r.verdict.counted, 4);
  });

  it("ignoreUnfixed in uncounted mode prints them but does not count them (Klar)", () => {
    const r = applyPolicy(report, { ignoreUnfixed: true, unfixedMode: "uncounted", klarThreshold: 4 });
    assert.equal(r.report.vulnerabilities.length, 7);
    assert.equal(r.verdict.counted, 4);
    assert.equal(r.verdict.passed, true, "4 counted is not more than the threshold of 4");
    const lowOnly: Policy = { severities: ["low"], failOn: "low" };
    assert.equal(applyPolicy(report, lowOnly).verdict.passed, false);
    const uncounted = applyPolicy(report, { ...lowOnly, ignoreUnfixed: true, unfixedMode: "uncounted" });
    assert.deepEqual(uncounted.verdict, { passed: true, reasons: [], counted: 0 }, "the LOW finding is unfixed, so it does not count");
    assert.equal(uncounted.report.vulnerabilities.length, 1, "but it is still shown");
  });

  it("ignoreStatuses hides those fix states", () => {
    const r = applyPolicy(report, { ignoreStatuses: ["will_not_fix", "affected"] });
    assert.equal(
      r.report.vulnerabilities.every((v) => v.status === "fixed"),
      true,
    );
    assert.equal(r.hidden.status, 3);
  });

  it("failOn fails when a counted finding is at or above it, and names why", () => {
    const high = applyPolicy(report, { failOn: "high" });
    assert.deepEqual(high.verdict, { passed: false, reasons: ["3 vulnerabilities at or above HIGH (fail-on high)"], counted: 7 });
    const critical = applyPolicy(report, { failOn: "critical" });
    assert.deepEqual(critical.verdict.reasons, ["1 vulnerability at or above CRITICAL (fail-on critical)"]);
    const clean = applyPolicy({ ...report, vulnerabilities: [] }, { failOn: "unknown" });
    assert.deepEqual(clean.verdict, { passed: true, reasons: [], counted: 0 });
    const filtered = applyPolicy(report, { failOn: "high", severities: ["low", "medium"] });
    assert.equal(filtered.verdict.passed, true, "findings hidden by --severity do not fail the policy");
  });

  it("klarOutput shows and counts only findings at or above it", () => {
    const r = applyPolicy(report, { klarOutput: "medium" });
    assert.deepEqual(r.report.vulnerabilities.map((v) => v.severity).sort(), ["critical", "high", "high", "medium"]);
    assert.equal(r.verdict.counted, 4);
  });

  it("klarThreshold fails only when the count is above it", () => {
    assert.equal(applyPolicy(report, { klarOutput: "high", klarThreshold: 3 }).verdict.passed, true);
    const r = applyPolicy(report, { klarOutput: "high", klarThreshold: 2 });
    assert.deepEqual(r.verdict, { passed: false, reasons: ["3 vulnerabilities counted, more than the threshold of 2"], counted: 3 });
    assert.equal(applyPolicy(report, { klarThreshold: 0 }).verdict.passed, false);
  });

  it("reports every failed rule", () => {
    const r = applyPolicy(report, { failOn: "critical", klarThreshold: 1 });
    assert.equal(r.verdict.reasons.length, 2);
  });

  it("rejects a negative or fractional threshold", () => {
    assert.throws(() => applyPolicy(report, { klarThreshold: -1 }), isConfigError);
    assert.throws(() => applyPolicy(report, { klarThreshold: 1.5 }), isConfigError);
  });

  it("whitelist hides general ids and ids for the normalised repository, by id or alias", () => {
    const whitelist = parseWhitelist("general: [DSA-9001-1]\nimages:\n  debian: [CVE-2025-0003]\n  alpine: [CVE-2025-0002]\n");
    const r = applyPolicy(report, { whitelist, failOn: "high" });
    assert.equal(r.hidden.whitelist, 3, "both CVE-2025-0001 findings (via alias DSA-9001-1) and CVE-2025-0003");
    assert.deepEqual(r.verdict, { passed: true, reasons: [], counted: 4 });
    const other: VulnerabilityReport = { ...report, source: { ...report.source, repository: "docker.io/library/alpine" } };
    const a = applyPolicy(other, { whitelist });
    assert.deepEqual(shownIds(a.report).includes("CVE-2025-0002/libexpat1"), false, "the alpine key applies to library/alpine");
    assert.deepEqual(shownIds(a.report).includes("CVE-2025-0003/python3.11-minimal"), true);
  });

  it("does not change the rest of the report", () => {
    const r = applyPolicy(report, { severities: ["critical"] } satisfies Policy);
    assert.deepEqual({ ...r.report, vulnerabilities: [] }, { ...report, vulnerabilities: [] });
  });
});

describe("policy option parsing", () => {
  it("parses Trivy and Klar severity names case-insensitively", () => {
    assert.equal(parseSeverityOption("--fail-on", "HIGH"), "high");
    assert.equal(parseSeverityOption("CLAIR_OUTPUT", "Negligible"), "negligible");
    assert.equal(parseSeverityOption("CLAIR_OUTPUT", "Defcon1"), "critical");
    assert.throws(() => parseSeverityOption("--fail-on", "severe"), isConfigError);
  });

  it("parses severity and status lists", () => {
    assert.deepEqual(parseSeverityList("--severity", "HIGH, critical,HIGH"), ["high", "critical"]);
    assert.throws(() => parseSeverityList("--severity", " , "), isConfigError);
    assert.throws(() => parseSeverityList("--severity", "HIGH,URGENT"), isConfigError);
    assert.deepEqual(parseStatusList("--ignore-status", "will_not_fix,end-of-life"), ["will_not_fix", "end_of_life"]);
    assert.throws(() => parseStatusList("--ignore-status", "wontfix"), isConfigError);
  });
});
