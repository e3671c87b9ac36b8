import { z } from "zod";
import type { CheckOutcome, CheckReport, CheckResult } from "../core/check.js";
import { SEVERITIES } from "../core/severity.js";
import { displayStatus, summarizeChecks } from "./check-summary.js";

/**
 * The `claro check --format json` document, documented in docs/check-json.md. Versioned like
 * the scan report: adding a field is a minor bump, changing or removing one a major bump.
 * Objects are loose so that 1.x consumers keep accepting later 1.y documents.
 */
export const CHECK_SCHEMA_VERSION = "1.0.0";

const evidence = z.looseObject({
  file: z.string().optional().meta({ description: "File the finding is in (path inside the image or on disk)." }),
  line: z.number().int().min(1).optional().meta({ description: "1-based line in `file`." }),
  key: z.string().optional(),
  value: z.string().optional(),
  detail: z.string().optional(),
});

const outcome = z
  .looseObject({
    status: z.enum(["pass", "fail", "skip", "manual"]).meta({ description: "The rule's own verdict." }),
    detail: z.string().optional().meta({ description: "pass: what was seen." }),
    evidence: z.array(evidence).optional().meta({ description: "fail: every finding." }),
    missing: z.string().optional().meta({ description: "skip: the input that was missing." }),
    instructions: z.string().optional().meta({ description: "manual: what a person must verify." }),
  })
  .meta({ description: "The rule's verdict with its evidence." });

const count = z.number().int().min(0);

export const checkResultEntry = z.looseObject({
  ruleId: z.string(),
  benchmarkId: z.string().nullable().meta({ description: "CIS id in `benchmarkVersion`; null when the rule has none there." }),
  references: z.array(z.string()).meta({ description: "The same check in other tools: CIS-DI-0001, DS002, DL3002…" }),
  title: z.string(),
  group: z.string(),
  section: z.string(),
  level: z.union([z.literal(1), z.literal(2)]),
  severity: z.enum(SEVERITIES),
  status: z
    .enum(["pass", "fail", "skip", "manual", "ignored", "error"])
    .meta({ description: "How the result counts: the outcome's status, or `ignored` / `error` when those apply." }),
  outcome,
  ignored: z.looseObject({ reason: z.string(), expires: z.string().nullable() }).nullable(),
  error: z.string().nullable().meta({ description: "Set when the rule threw (a bug in claro); the outcome is then a skip." }),
  remediation: z.string(),
});

export const checkSummaryEntry = z
  .looseObject({ total: count, pass: count, fail: count, skip: count, manual: count, ignored: count, error: count, score: z.number().nullable() })
  .meta({ description: "Counts by status; score = 100 × pass / (pass + fail + error), one decimal, null when nothing was decided." });

/** The part shared by the check document and the scan report's `misconfigurations` section. */
export const checkSection = {
  target: z.string().meta({ description: "What was checked: an image reference, a file or a directory." }),
  group: z.string().meta({ description: "`image`, `dockerfile`, `host` or `runtime`." }),
  benchmarkVersion: z.string().meta({ description: "The CIS Docker Benchmark version whose ids are reported." }),
  summary: checkSummaryEntry,
  results: z.array(checkResultEntry),
};

export const misconfigurationsEntry = z
  .looseObject(checkSection)
  .meta({ description: "Image configuration checks (`claro scan --scanners config`), as in `claro check --format json`." });

export const checkReportDocument = z
  .looseObject({
    kind: z.literal("check-report"),
    schemaVersion: z.string().regex(/^1\.\d+\.\d+$/),
    createdAt: z.string(),
    ...checkSection,
  })
  .meta({ id: "CheckReport", title: "claro check report (`claro check --format json`)" });

export type CheckReportDocument = z.infer<typeof checkReportDocument>;
export type MisconfigurationsEntry = z.infer<typeof misconfigurationsEntry>;
type ResultEntry = z.infer<typeof checkResultEntry>;

function outcomeEntry(o: CheckOutcome): ResultEntry["outcome"] {
  switch (o.status) {
    case "pass":
      return o.detail === undefined ? { status: "pass" } : { status: "pass", detail: o.detail };
    case "fail":
      return { status: "fail", evidence: o.evidence.map((e) => ({ ...e })) };
    case "skip":
      return { status: "skip", missing: o.missing };
    case "manual":
      return { status: "manual", instructions: o.instructions };
  }
}

function resultEntry(r: CheckResult): ResultEntry {
  return {
    ruleId: r.ruleId,
    benchmarkId: r.benchmarkId,
    references: [...r.references],
    title: r.title,
    group: r.group,
    section: r.section,
    level: r.level,
    severity: r.severity,
    status: displayStatus(r),
    outcome: outcomeEntry(r.outcome),
    ignored: r.ignored === undefined ? null : { reason: r.ignored.reason, expires: r.ignored.expires },
    error: r.error ?? null,
    remediation: r.remediation,
  };
}

export function toMisconfigurations(report: CheckReport): MisconfigurationsEntry {
  return {
    target: report.target,
    group: report.group,
    benchmarkVersion: report.benchmarkVersion,
    summary: { ...summarizeChecks(report) },
    results: report.results.map(resultEntry),
  };
}

export function toCheckDocument(report: CheckReport, createdAt: Date): CheckReportDocument {
  return { kind: "check-report", schemaVersion: CHECK_SCHEMA_VERSION, createdAt: createdAt.toISOString(), ...toMisconfigurations(report) };
}

export function renderCheckJson(report: CheckReport, options: { now?: () => Date } = {}): string {
  return `${JSON.stringify(toCheckDocument(report, (options.now ?? (() => new Date()))()), null, 2)}\n`;
}
