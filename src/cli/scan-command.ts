import { readFileSync } from "node:fs";
import { writeReport } from "./output.js";
import type { OutputTarget } from "./output-targets.js";
import { debug } from "./debug-log.js";
import { FatalError } from "../core/problem.js";
import type { IndexReport, VulnerabilityReport } from "../core/report.js";
import type { AdvisoryStore } from "../contracts/store.js";
import { imageCheckWants } from "../checks/index.js";
import type { DetectionPriority } from "../indexer/index.js";
import { checkDatabase as databaseWarning, matchIndex as matchWithCoverage, scanIndex } from "../app/scan.js";
import { openAdvisoryStore } from "../app/stores.js";
import { loadSuppressions } from "./suppression-inputs.js";
import {
  parseStatusList,
  isReportFormat,
  parseSeverityList,
  parseSeverityOption,
  policyFromKlarEnv,
  renderScanReport,
  reporters,
  type KlarSettings,
  type Policy,
  type ReportFormat,
} from "../report/index.js";
import { parseDuration, type Settings } from "./config.js";
import type { ExitCode } from "./errors.js";
import { imageInputFrom } from "./check-inputs.js";
import { inventoryWithTree } from "./image-inventory.js";
import { isSbomReference, sbomInventory } from "./sbom-input.js";
import { coverageWarnings } from "../report/coverage-text.js";
import { compareVersions } from "./version-order.js";

export interface ScanFlags extends Settings {
  readonly output?: string;
  readonly quiet?: boolean;
  /** `vuln` (default), `config`, or both comma-separated. */
  readonly scanners?: string;
  /** `--detection-priority`: `precise` (default) or `comprehensive` (also OS-installed language packages). */
  readonly detectionPriority?: DetectionPriority;
  /** `--ignore-status LIST`. */
  readonly ignoreStatus?: string;
  /** `--ignore-file PATH`; else `.claroignore.yaml` in the working directory when present. */
  readonly ignoreFile?: string;
  /** `--ignorefile`: Trivy's spelling, an alias of `--ignore-file`. */
  readonly ignorefile?: string;
  /** `--vex FILE`, repeatable. */
  readonly vex?: readonly string[];
  /** `--show remediation`: the table adds the remediation by layer. */
  readonly show?: "remediation";
  /** More reports of the same run, `--output FORMAT=FILE` / `--format FORMAT=FILE` (output-targets.ts). */
  readonly extraOutputs?: readonly OutputTarget[];
  /** False when only FORMAT=FILE reports were asked for: then nothing goes to stdout. */
  readonly primaryOutput?: boolean;
}

export type ScannerName = "vuln" | "config";

/** `--scanners vuln,config`; at least one, each known. */
export function parseScanners(value: string | undefined): ReadonlySet<ScannerName> {
  const parts = (value ?? "vuln")
    .split(",")
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== "");
  const out = new Set<ScannerName>();
  for (const p of parts) {
    if (p !== "vuln" && p !== "config") throw new FatalError("CONFIG_INVALID", `--scanners: unknown scanner '${p}'`, "use vuln, config or vuln,config");
    out.add(p);
  }
  if (out.size === 0) throw new FatalError("CONFIG_INVALID", "--scanners: empty list", "use vuln, config or vuln,config");
  return out;
}

export async function scanCommand(reference: string, s: ScanFlags): Promise<ExitCode> {
  const klar = policyFromKlarEnv(process.env, (path) => readFileSync(path, "utf8"));
  const format = chooseFormat(s, klar);
  const store = await openAdvisoryStore(s.db);
  try {
    const scanners = parseScanners(s.scanners);
    if (!scanners.has("vuln")) {
      // A vulnerability report with the vulnerability scanner off would read as "0 vulnerabilities".
      throw new FatalError(
        "CONFIG_INVALID",
        "--scanners: `claro scan` always includes vuln",
        "use --scanners vuln,config, or `claro check IMAGE` for the checks alone",
      );
    }
    if (s.dbRepository !== undefined) await (await import("./db-artifact-commands.js")).refreshFromRepository(store, s.dbRepository, s);
    await checkDatabase(store, s);
    debug(`database: ${store.backend} ${store.location}`);
    if (isSbomReference(reference) && scanners.has("config")) {
      throw new FatalError("CONFIG_INVALID", "--scanners config: an SBOM has no image files to check", "drop --scanners config for sbom: inputs");
    }
    // An SBOM has no image or tree; the config checks that would need them are refused above.
    const {
      report: index,
      image,
      tree,
    } = isSbomReference(reference)
      ? { report: sbomInventory(reference), image: null, tree: null }
      : await inventoryWithTree(reference, s, scanners.has("config") ? imageCheckWants : []);
    // Read before the scan so a bad ignore file or VEX document fails fast.
    const suppression = loadSuppressions(s);
    const policy = buildPolicy(s, klar);
    const checkInput = scanners.has("config") && image !== null && tree !== null ? imageInputFrom(reference, image, tree) : null;
    // index → match → enrich → suppress → checks → policy: the workflow lives in app/scan.ts.
    const {
      report: shown,
      checks,
      checkVerdict: checkResult,
      eol,
      devLeftOut,
      warnings,
      reasons,
    } = await scanIndex({ index, checks: checkInput, target: reference, includeDevDeps: s.includeDevDeps ?? false }, store, suppression, policy);
    warnAboutCoverage(shown, s.quiet ?? false);
    if (devLeftOut > 0 && !s.quiet)
      process.stderr.write(`claro: note: ${devLeftOut} development-only package(s) listed but not matched; --include-dev-deps matches them\n`);
    for (const w of warnings) process.stderr.write(`${w}\n`);
    const show = s.show === "remediation" ? { show: ["remediation" as const] } : {};
    // Every report renders the same result; a file gets no colour and the width of a non-terminal.
    const render = (f: ReportFormat, file: string | undefined): string =>
      renderScanReport(f, shown, checks, {
        color: f === "table" && file === undefined && useColor(),
        ...show,
        compareVersions,
        ...(file === undefined ? {} : { width: FILE_WIDTH }),
      });
    if (s.primaryOutput !== false) writeReport(render(format, s.output), s.output);
    for (const t of s.extraOutputs ?? []) if (isReportFormat(t.format)) writeReport(render(t.format, t.file), t.file);
    if (checkResult !== null && checkResult.errors.length > 0) {
      for (const r of checkResult.errors) process.stderr.write(`claro: error: rule ${r.ruleId} failed to evaluate (a bug in claro): ${r.error ?? ""}\n`);
      return 2;
    }
    if (reasons.length > 0) {
      if (!s.quiet) for (const r of reasons) process.stderr.write(`claro: policy failed: ${r}\n`);
      return 1;
    }
    // Trivy's --exit-on-eol: an analysed image on an unsupported release gets its own exit code.
    return eol && s.exitOnEol !== undefined ? s.exitOnEol : 0;
  } finally {
    await store.close();
  }
}

/**
 * Matches an inventory against the database (app/scan.ts): the report `scan` writes and `diff`
 * compares. Warns about what was not matched, and says whether the release is past its end of life.
 */
export async function matchIndex(index: IndexReport, store: AdvisoryStore, quiet: boolean): Promise<{ report: VulnerabilityReport; eol: boolean }> {
  const matched = await matchWithCoverage(index, store);
  warnAboutCoverage(matched.report, quiet);
  return matched;
}

function chooseFormat(s: ScanFlags, klar: KlarSettings): ReportFormat {
  const format = s.format ?? klar.format ?? (process.stdout.isTTY || s.output ? "table" : "json");
  if (!isReportFormat(format)) {
    throw new FatalError("CONFIG_INVALID", `unknown --format '${format}'`, `use one of: ${Object.keys(reporters).join(", ")}`);
  }
  return format;
}

/** Refuses an empty database; warns (unless --quiet) when it is older than --db-max-age (default 7d). */
export async function checkDatabase(store: AdvisoryStore, s: ScanFlags): Promise<void> {
  const warning = await databaseWarning(store, parseDuration(s.dbMaxAge ?? "7d", "--db-max-age"));
  if (warning !== null && !s.quiet) process.stderr.write(`claro: warning: ${warning}\n`);
}

/**
 * An image whose packages no feed covers would look clean; say so, one line per package type
 * that was not matched (the report's `coverage` holds the same) and a release past its end of life.
 */
function warnAboutCoverage(report: VulnerabilityReport, quiet: boolean): void {
  if (quiet) return;
  if (report.packages.length === 0) {
    process.stderr.write("claro: note: no package database found in the image; no packages to match\n");
    return;
  }
  for (const line of coverageWarnings(report, new Date().toISOString().slice(0, 10))) process.stderr.write(`claro: warning: ${line}\n`);
}

/** Flags override the Klar environment variables, which keep Klar's meaning when set. */
function buildPolicy(s: ScanFlags, klar: KlarSettings): Policy {
  return {
    ...klar.policy,
    ...(s.severity ? { severities: parseSeverityList("--severity", s.severity) } : {}),
    ...(s.ignoreUnfixed !== undefined ? { ignoreUnfixed: s.ignoreUnfixed, unfixedMode: "hide" as const } : {}),
    ...(s.failOn ? { failOn: parseSeverityOption("--fail-on", s.failOn) } : {}),
    ...(s.ignoreStatus !== undefined ? { ignoreStatuses: parseStatusList("--ignore-status", s.ignoreStatus) } : {}),
  };
}

/** A table written to a file fits 120 columns, as off a terminal, whatever the terminal's width. */
const FILE_WIDTH = 120;

function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env["NO_COLOR"];
}
