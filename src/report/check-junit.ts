import type { CheckReport, CheckResult } from "../core/check.js";
import { describeEvidence, displayStatus, summarizeChecks } from "./check-summary.js";

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, Azure): one testsuite per section, one
 * testcase per rule. Failed rules get a <failure> with the evidence; skipped, manual and ignored
 * rules get <skipped> with the reason; a rule that threw gets an <error>.
 */
function xml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // XML 1.0 cannot carry most control characters even escaped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "\uFFFD")
  );
}

function testcase(r: CheckResult, classname: string): string {
  const name = `${r.benchmarkId === null ? "" : `${r.benchmarkId} `}${r.ruleId}: ${r.title}`;
  const open = `    <testcase name="${xml(name)}" classname="${xml(classname)}" time="0">`;
  const o = r.outcome;
  switch (displayStatus(r)) {
    case "pass":
      return `    <testcase name="${xml(name)}" classname="${xml(classname)}" time="0"/>`;
    case "error":
      return `${open}\n      <error message="${xml(`rule failed to evaluate: ${r.error ?? ""}`)}" type="rule-error"/>\n    </testcase>`;
    case "ignored":
      return `${open}\n      <skipped message="${xml(`ignored: ${r.ignored?.reason ?? ""}`)}"/>\n    </testcase>`;
    case "skip":
      return `${open}\n      <skipped message="${xml(o.status === "skip" ? `missing input: ${o.missing}` : "skipped")}"/>\n    </testcase>`;
    case "manual":
      return `${open}\n      <skipped message="${xml(o.status === "manual" ? `manual check: ${o.instructions}` : "manual")}"/>\n    </testcase>`;
    case "fail": {
      const evidence = o.status === "fail" ? o.evidence.map(describeEvidence) : [];
      const body = [...evidence, "", `Remediation: ${r.remediation}`].join("\n");
      const message = `${r.severity.toUpperCase()}: ${evidence.length} finding${evidence.length === 1 ? "" : "s"}`;
      return `${open}\n      <failure message="${xml(message)}" type="${r.severity}">${xml(body)}</failure>\n    </testcase>`;
    }
  }
}

export function renderCheckJunit(report: CheckReport): string {
  const all = summarizeChecks(report);
  const sections = new Map<string, CheckResult[]>();
  for (const r of report.results) sections.set(r.section, [...(sections.get(r.section) ?? []), r]);
  const suites = [...sections.entries()].map(([section, results]) => {
    const s = summarizeChecks({ ...report, results });
    const classname = `claro.${report.group}`;
    const cases = results.map((r) => testcase(r, classname)).join("\n");
    return `  <testsuite name="${xml(section)}" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skip + s.manual + s.ignored}" time="0">\n${cases}\n  </testsuite>`;
  });
  const name = `claro check ${report.group} ${report.target}`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${xml(name)}" tests="${all.total}" failures="${all.fail}" errors="${all.error}" skipped="${all.skip + all.manual + all.ignored}" time="0">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}
