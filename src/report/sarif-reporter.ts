import { coverageWarnings } from "./coverage-text.js";
import type { Reporter } from "../contracts/reporter.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import type { Severity } from "../core/severity.js";
import { compareFindings } from "./order.js";

/** SARIF 2.1.0, the subset claro writes. Every result carries at least one physical location. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const CLARO_VERSION = "0.1.0";

export type SarifLevel = "error" | "warning" | "note" | "none";

export interface SarifText {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifText;
  readonly fullDescription: SarifText;
  readonly help: SarifText;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: { readonly uri: string };
    readonly region?: { readonly startLine: number };
  };
  readonly logicalLocations?: readonly { readonly name: string; readonly fullyQualifiedName: string; readonly kind: string }[];
}

export interface SarifResult {
  readonly ruleId: string;
  ruleIndex?: number;
  readonly level: SarifLevel;
  readonly message: SarifText;
  readonly locations: readonly SarifLocation[];
  readonly partialFingerprints?: Readonly<Record<string, string>>;
  readonly suppressions?: readonly { readonly kind: "external"; readonly justification: string }[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface SarifNotification {
  readonly level: SarifLevel;
  readonly message: SarifText;
  readonly descriptor?: { readonly id: string };
}

export interface SarifLog {
  readonly version: "2.1.0";
  readonly $schema: string;
  readonly runs: readonly {
    readonly tool: { readonly driver: { readonly name: string; readonly version: string; readonly rules: readonly SarifRule[] } };
    readonly invocations: readonly { readonly executionSuccessful: boolean; readonly toolExecutionNotifications: readonly SarifNotification[] }[];
    readonly results: readonly SarifResult[];
    readonly properties?: Readonly<Record<string, unknown>>;
  }[];
}

/** GitHub's `security-severity` scale (CVSS-like): over 9 critical, 7 high, 4 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
  negligible: "0.5",
  unknown: "0.0",
};

export function sarifLevel(s: Severity): SarifLevel {
  return s === "critical" || s === "high" ? "error" : s === "medium" ? "warning" : "note";
}

export function securitySeverity(s: Severity): string {
  return SECURITY_SEVERITY[s];
}

/**
 * Collects rules and results for ONE run, so vulnerability findings and check results can share
 * a document (`claro scan --scanners vuln,config`). Rules are deduplicated by id and results
 * point at them by index, as GitHub code scanning expects.
 */
export class SarifRunBuilder {
  private readonly rules: SarifRule[] = [];
  private readonly ruleIndex = new Map<string, number>();
  private readonly results: SarifResult[] = [];
  private readonly notifications: SarifNotification[] = [];
  private successful = true;
  private readonly properties: Record<string, unknown> = {};

  addRule(rule: SarifRule): number {
    const known = this.ruleIndex.get(rule.id);
    if (known !== undefined) return known;
    this.rules.push(rule);
    this.ruleIndex.set(rule.id, this.rules.length - 1);
    return this.rules.length - 1;
  }

  addResult(result: SarifResult): void {
    const index = this.ruleIndex.get(result.ruleId);
    if (index === undefined) throw new Error(`SARIF result for unregistered rule ${result.ruleId}`);
    if (result.locations.length === 0) throw new Error(`SARIF result for ${result.ruleId} has no location`);
    this.results.push({ ...result, ruleIndex: index });
  }

  /** A problem that made the run incomplete (a rule that threw): reported, never an alert. */
  addFailure(id: string, text: string): void {
    this.successful = false;
    this.notifications.push({ level: "error", message: { text }, descriptor: { id } });
  }

  /** Something the run did not check (a package type with no data): a warning, not a failure. */
  addWarning(id: string, text: string): void {
    this.notifications.push({ level: "warning", message: { text }, descriptor: { id } });
  }

  /** A run-level property (SARIF property bag), e.g. the scan's coverage. */
  setProperty(key: string, value: unknown): void {
    this.properties[key] = value;
  }

  build(): SarifLog {
    return {
      version: "2.1.0",
      $schema: SARIF_SCHEMA,
      runs: [
        {
          tool: { driver: { name: "claro", version: CLARO_VERSION, rules: this.rules } },
          invocations: [{ executionSuccessful: this.successful, toolExecutionNotifications: this.notifications }],
          results: this.results,
          ...(Object.keys(this.properties).length > 0 ? { properties: { ...this.properties } } : {}),
        },
      ],
    };
  }
}

/** Where a package's database entry lives inside the image; GitHub needs a file-like location. */
function packageLocation(f: Finding, report: VulnerabilityReport): SarifLocation {
  const pkg = report.packages.find((p) => p.purl === f.package.purl);
  const uri = (pkg?.foundIn ?? (f.package.type === "apk" ? "lib/apk/db/installed" : "var/lib/dpkg/status")).replace(/^\/+/, "");
  return {
    physicalLocation: { artifactLocation: { uri } },
    logicalLocations: [{ name: f.package.name, fullyQualifiedName: `${report.source.ref}#${f.package.purl}`, kind: "module" }],
  };
}

function vulnerabilityRule(f: Finding): SarifRule {
  const summary = (f.description ?? "").split(/(?<=\.)\s|\n/)[0]?.trim() || f.id;
  const links = f.links.map((l) => `- ${l}`).join("\n");
  return {
    id: f.id,
    name: "OsPackageVulnerability",
    shortDescription: { text: summary },
    fullDescription: { text: f.description ?? summary },
    help: {
      text: `Vulnerability ${f.id}\nSeverity: ${f.severity.toUpperCase()}\n${f.links.join("\n")}`,
      markdown: `**Vulnerability ${f.id}**\n\nSeverity: ${f.severity.toUpperCase()}\n\n${links}`,
    },
    defaultConfiguration: { level: sarifLevel(f.severity) },
    properties: { tags: ["vulnerability", "security", f.severity.toUpperCase()], "security-severity": securitySeverity(f.severity), precision: "very-high" },
  };
}

/** Adds one result per (vulnerability, package), located at the package database file. */
export function addVulnerabilities(builder: SarifRunBuilder, report: VulnerabilityReport): void {
  for (const f of [...report.vulnerabilities].sort(compareFindings)) {
    builder.addRule(vulnerabilityRule(f));
    const fixed = f.fixedVersion === null ? `no fix yet (${f.status})` : `fixed in ${f.fixedVersion}`;
    builder.addResult({
      ruleId: f.id,
      level: sarifLevel(f.severity),
      message: {
        text: `${f.package.name} ${f.package.version} is affected by ${f.id} (${f.severity.toUpperCase()}), ${fixed}; image ${report.source.ref}, layer ${f.layer}`,
      },
      locations: [packageLocation(f, report)],
      partialFingerprints: { "claroVulnerability/v1": `${f.id}|${f.package.purl}` },
      properties: { purl: f.package.purl, installedVersion: f.package.version, fixedVersion: f.fixedVersion, status: f.status, layer: f.layer },
    });
  }
}

/** The scan's coverage as run properties, and each unchecked package type as a warning. */
export function addCoverage(builder: SarifRunBuilder, report: VulnerabilityReport): void {
  if (report.coverage !== undefined) builder.setProperty("coverage", report.coverage);
  if (report.distribution?.endOfLife !== undefined) builder.setProperty("distributionEndOfLife", report.distribution.endOfLife);
  for (const line of coverageWarnings(report, new Date().toISOString().slice(0, 10))) builder.addWarning("claro/coverage", line);
}

export function renderSarif(report: VulnerabilityReport): string {
  const builder = new SarifRunBuilder();
  addVulnerabilities(builder, report);
  addCoverage(builder, report);
  return `${JSON.stringify(builder.build(), null, 2)}\n`;
}

export const sarifReporter = {
  format: "sarif",
  render: (report: VulnerabilityReport): string => renderSarif(report),
} as const satisfies Reporter;
