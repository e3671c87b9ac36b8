import type { CheckReport, CheckResult } from "../../core/check.js";
import { severityRank } from "../../core/severity.js";
import { displayStatus, summarizeChecks } from "../check-summary.js";
import { esc } from "./escape.js";
import { dataTable, filterForm } from "./table.js";

function evidence(r: CheckResult): string {
  const o = r.outcome;
  if (o.status === "fail") {
    return `<ul>${o.evidence.map((e) => `<li>${esc([e.file && `${e.file}${e.line ? `:${e.line}` : ""}`, e.key && `${e.key}${e.value !== undefined ? `=${e.value}` : ""}`, e.detail].filter(Boolean).join(" — "))}</li>`).join("")}</ul>`;
  }
  if (o.status === "skip") return esc(`skipped: ${o.missing}`);
  if (o.status === "manual") return esc(o.instructions);
  return esc(o.detail ?? "");
}

/** The configuration checks as a sortable, filterable table (scan with `--scanners …,config`, and `claro check`). */
export function checksSection(report: CheckReport): string {
  const summary = summarizeChecks(report);
  const statuses = [...new Set(report.results.map((r) => displayStatus(r)))].sort();
  const counts = Object.entries(summary)
    .filter(([, v]) => typeof v === "number")
    .map(([k, v]) => `<li><span>${esc(k)}</span><strong>${String(v)}</strong></li>`)
    .join("");
  return `<section id="checks" aria-labelledby="checks-h">
<h2 id="checks-h">Configuration checks</h2>
<p>Target: <code>${esc(report.target)}</code> (${esc(report.group)}, CIS Docker Benchmark ${esc(report.benchmarkVersion)}).</p>
<ul class="cards" aria-label="Check results by status">${counts}</ul>
${filterForm("checks-table", "checks", [
  { label: "Search", attr: "", op: "search" },
  { label: "Status", attr: "data-status", op: "eq", options: [["", "All"], ...statuses.map((s) => [s, s] as const)] },
])}
${dataTable({
  id: "checks-table",
  caption: `Checks (${report.results.length})`,
  stack: true,
  columns: [
    { label: "Rule", sort: "text" },
    { label: "Title", sort: "text" },
    { label: "Severity", sort: "number", firstSort: "descending" },
    { label: "Status", sort: "text" },
    { label: "Evidence or reason" },
    { label: "Remediation" },
  ],
  rows: report.results.map((r) => ({
    data: { status: displayStatus(r) },
    cells: [
      { html: `<code>${esc(r.ruleId)}</code>${r.benchmarkId ? ` <span class="muted">CIS ${esc(r.benchmarkId)}</span>` : ""}`, sort: r.ruleId },
      { html: esc(r.title) },
      { html: `<span class="sev sev-${r.severity}">${r.severity.toUpperCase()}</span>`, sort: severityRank(r.severity) },
      { html: esc(displayStatus(r)) + (r.ignored ? ` <span class="muted">(ignored: ${esc(r.ignored.reason)})</span>` : "") },
      { html: evidence(r) },
      { html: esc(r.remediation) },
    ],
  })),
})}
</section>`;
}
