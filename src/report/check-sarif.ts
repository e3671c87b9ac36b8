import type { CheckReport, CheckResult, Evidence } from "../core/check.js";
import type { VulnerabilityReport } from "../core/report.js";
import { describeEvidence } from "./check-summary.js";
import { addCoverage, addVulnerabilities, SarifRunBuilder, sarifLevel, securitySeverity, type SarifLocation, type SarifRule } from "./sarif-reporter.js";

/**
 * Check results as SARIF. Only failed rules become results (alerts); passes, skips and manual
 * checks are in the table, JSON and JUnit outputs. Each piece of evidence is one result with a
 * location, so nothing is ever location-less (Dockle's SARIF was refused by GitHub for that).
 */
function ruleOf(r: CheckResult): SarifRule {
  const cis = r.benchmarkId === null ? "" : `CIS Docker Benchmark ${r.benchmarkId}: `;
  return {
    id: r.ruleId,
    name: r.ruleId.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: `${cis}${r.title}` },
    fullDescription: { text: `${cis}${r.title} (${r.section}, level ${r.level})` },
    help: { text: r.remediation, markdown: `**Remediation:** ${r.remediation}` },
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: {
      tags: ["security", "misconfiguration", r.group, ...(r.benchmarkId === null ? [] : ["cis-docker-benchmark"])],
      "security-severity": securitySeverity(r.severity),
      precision: "high",
      ...(r.benchmarkId === null ? {} : { cisBenchmarkId: r.benchmarkId }),
      references: [...r.references],
      level: r.level,
    },
  };
}

/** Image rules write `file: "config"` for evidence from the image config rather than a file. */
const IMAGE_CONFIG_FILE = "config";

/**
 * A URI for the image itself: the reference without its transport prefix or leading slashes,
 * e.g. `work/images/app.tar:v1` or `docker.io/library/alpine:3.20`, as Trivy names images.
 */
export function imageUri(target: string): string {
  const noTransport = target.replace(/^(docker-archive|oci-archive|oci-dir|oci|dir|registry):/, "").replace(/^docker:\/\//, "");
  const uri = noTransport.replace(/^\/+/, "") || target;
  // `alpine:latest` would parse as scheme `alpine` (Dockle's mistake); `./alpine:latest` is a path.
  return /^[^/]*:/.test(uri) ? `./${uri}` : uri;
}

/**
 * Image evidence names a path inside the image, and the image is the logical location; evidence
 * from the image config (or without a file) is located at the image. Other groups' evidence
 * names files on disk, located at that file and line.
 */
function locationOf(e: Evidence, report: CheckReport): SarifLocation {
  const image = report.group === "image";
  const rawFile = e.file === undefined || e.file === "" || (image && e.file === IMAGE_CONFIG_FILE) ? null : e.file;
  const file = rawFile === null ? null : image ? rawFile.replace(/^\/+/, "") : rawFile;
  const uri = file ?? (image ? imageUri(report.target) : report.target);
  const region = file !== null && e.line !== undefined && e.line >= 1 ? { region: { startLine: e.line } } : {};
  const what = image && rawFile === null ? `${report.target}#${e.key ?? IMAGE_CONFIG_FILE}` : report.target;
  const logical = image ? { logicalLocations: [{ name: e.key ?? report.target, fullyQualifiedName: what, kind: "module" }] } : {};
  return { physicalLocation: { artifactLocation: { uri }, ...region }, ...logical };
}

/** Adds the failed (and ignored-but-failed, as suppressed) results of a check report to a run. */
export function addCheckResults(builder: SarifRunBuilder, report: CheckReport): void {
  for (const r of report.results) {
    if (r.error !== undefined) {
      builder.addFailure(r.ruleId, `rule ${r.ruleId} failed to evaluate (a bug in claro): ${r.error}`);
      continue;
    }
    if (r.outcome.status !== "fail") continue;
    builder.addRule(ruleOf(r));
    const evidence: readonly Evidence[] = r.outcome.evidence.length > 0 ? r.outcome.evidence : [{ detail: r.title }];
    for (const e of evidence) {
      builder.addResult({
        ruleId: r.ruleId,
        level: sarifLevel(r.severity),
        message: { text: `${r.title}: ${describeEvidence(e)}` },
        locations: [locationOf(e, report)],
        partialFingerprints: { "claroCheck/v1": `${r.ruleId}|${report.target}|${e.file ?? ""}|${e.key ?? ""}|${e.value ?? ""}` },
        ...(r.ignored === undefined ? {} : { suppressions: [{ kind: "external" as const, justification: r.ignored.reason }] }),
        properties: { benchmarkId: r.benchmarkId, group: r.group },
      });
    }
  }
}

export function renderCheckSarif(report: CheckReport): string {
  const builder = new SarifRunBuilder();
  addCheckResults(builder, report);
  return `${JSON.stringify(builder.build(), null, 2)}\n`;
}

/** `claro scan --scanners vuln,config --format sarif`: one run, tool claro, rules from both. */
export function renderScanSarif(vulnerabilities: VulnerabilityReport, checks: CheckReport | null): string {
  const builder = new SarifRunBuilder();
  addVulnerabilities(builder, vulnerabilities);
  addCoverage(builder, vulnerabilities);
  if (checks !== null) addCheckResults(builder, checks);
  return `${JSON.stringify(builder.build(), null, 2)}\n`;
}
