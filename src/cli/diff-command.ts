import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { VulnerabilityReport } from "../core/report.js";
import { severityRank } from "../core/severity.js";
import type { AdvisoryStore } from "../contracts/store.js";
import { applySuppressions, parseSeverityOption } from "../report/index.js";
import { diffReports, type ReportDiff } from "../report/diff.js";
import { renderDiffJson, renderDiffTable } from "../report/diff-render.js";
import { renderDiffHtml } from "../report/html/diff-html.js";
import { fromReportDocument, NotAReportError } from "../report/report-document.js";
import { openAdvisoryStore } from "../app/stores.js";
import type { ExitCode } from "./errors.js";
import { writeReport } from "./output.js";
import { checkDatabase, matchIndex, type ScanFlags } from "./scan-command.js";
import { inventory } from "./image-inventory.js";
import { loadSuppressions } from "./suppression-inputs.js";
import { compareVersions } from "./version-order.js";

export interface DiffFlags extends ScanFlags {
  /** `--fail-on-new SEVERITY`: exit 1 when NEW introduces a finding at or above it. */
  readonly failOnNew?: string | undefined;
}

type DiffFormat = "table" | "json" | "html";

/**
 * A saved report is a regular file that starts with `{` and says `"kind": "vulnerability-report"`;
 * anything else (an archive, a layout, an SBOM, a registry reference) is scanned.
 */
function savedReport(arg: string): VulnerabilityReport | null {
  let fd: number;
  try {
    if (!statSync(arg).isFile()) return null;
    fd = openSync(arg, "r");
  } catch {
    return null;
  }
  const head = Buffer.alloc(4096);
  const n = (() => {
    try {
      return readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  })();
  const start = head.subarray(0, n).toString("utf8");
  if (!/^\s*\{/.test(start) || !/"kind"\s*:\s*"vulnerability-report"/.test(readFileSync(arg, "utf8"))) return null;
  try {
    return fromReportDocument(JSON.parse(readFileSync(arg, "utf8")) as unknown);
  } catch (e) {
    const why = e instanceof NotAReportError || e instanceof SyntaxError ? e.message : String(e);
    throw new FatalError(
      "CONFIG_INVALID",
      `${arg}: not a valid claro JSON report (${why})`,
      "give an image reference or a report written by `claro scan --format json`",
    );
  }
}

function chooseFormat(s: DiffFlags): DiffFormat {
  const format = s.format ?? (process.stdout.isTTY || s.output ? "table" : "json");
  if (format !== "table" && format !== "json" && format !== "html")
    throw new FatalError("CONFIG_INVALID", `unknown diff --format '${format}'`, "use table, json or html");
  return format;
}

/** `claro diff OLD NEW`: each side a saved JSON report or an image scanned as `claro scan` does. */
export async function diffCommand(oldArg: string, newArg: string, s: DiffFlags): Promise<ExitCode> {
  const format = chooseFormat(s);
  const failOn = s.failOnNew === undefined ? undefined : parseSeverityOption("--fail-on-new", s.failOnNew);
  const saved = [savedReport(oldArg), savedReport(newArg)] as const;
  let store: AdvisoryStore | null = null;
  try {
    const side = async (arg: string, report: VulnerabilityReport | null): Promise<VulnerabilityReport> => {
      if (report !== null) return report;
      if (store === null) {
        store = await openAdvisoryStore(s.db);
        await checkDatabase(store, s);
      }
      const suppression = loadSuppressions(s);
      const { report: scanned } = await matchIndex(await inventory(arg, s), store, s.quiet ?? false);
      return applySuppressions(scanned, suppression).report;
    };
    const diff = diffReports(await side(oldArg, saved[0]), await side(newArg, saved[1]), compareVersions);
    writeReport(render(format, diff), s.output);
    const worse = failOn === undefined ? [] : diff.introduced.filter((t) => severityRank(t.finding.severity) >= severityRank(failOn));
    if (worse.length > 0) {
      if (!s.quiet)
        process.stderr.write(
          `claro: diff failed: ${worse.length} new finding${worse.length === 1 ? "" : "s"} at or above ${failOn?.toUpperCase()} (fail-on-new): ${[...new Set(worse.map((t) => t.finding.id))].slice(0, 10).join(", ")}\n`,
        );
      return 1;
    }
    return 0;
  } finally {
    const open: AdvisoryStore | null = store;
    if (open !== null) await (open as AdvisoryStore).close();
  }
}

function render(format: DiffFormat, diff: ReportDiff): string {
  if (format === "json") return renderDiffJson(diff);
  if (format === "html") return renderDiffHtml(diff);
  return renderDiffTable(diff);
}
