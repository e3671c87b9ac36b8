import { FIX_STATUSES } from "../../core/advisory.js";
import { formatPlatform } from "../../core/image.js";
import { describeProblem } from "../../core/problem.js";
import type { VulnerabilityReport } from "../../core/report.js";
import { SEVERITIES } from "../../core/severity.js";
import { countBySeverity, sortedUnique } from "../order.js";
import { esc } from "./escape.js";

function distributionText(report: VulnerabilityReport): string {
  const d = report.distribution;
  if (d === null) return "not detected (no os-release)";
  return d.prettyName ?? (d.codename === null ? `${d.id} ${d.versionId}` : `${d.id} ${d.versionId} (${d.codename})`);
}

function endOfLifeText(report: VulnerabilityReport): string | null {
  const d = report.distribution;
  if (d === null || d.endOfLife === undefined) return null;
  return d.endOfLife === null ? "not known (or a rolling release)" : `security support ends ${d.endOfLife}`;
}

/** Counts are facts the reader scans first: severity and fix state as small cards and a table. */
function counts(report: VulnerabilityReport): string {
  const bySeverity = countBySeverity(report.vulnerabilities);
  const cards = [...SEVERITIES]
    .reverse()
    .filter((s) => s !== "negligible" || bySeverity[s] > 0)
    .map((s) => `<li data-severity-count="${s}"><span class="sev sev-${s}">${s.toUpperCase()}</span><strong>${bySeverity[s]}</strong></li>`)
    .join("");
  const byStatus = FIX_STATUSES.map((st) => [st, report.vulnerabilities.filter((f) => f.status === st).length] as const).filter(([, n]) => n > 0);
  const statusRows = byStatus.map(([st, n]) => `<tr><th scope="row">${esc(st)}</th><td class="num" data-status-count="${esc(st)}">${n}</td></tr>`).join("");
  return `<h3 id="by-severity">By severity (${report.vulnerabilities.length} in total)</h3>
<ul class="cards" aria-labelledby="by-severity">${cards}</ul>
<h3>By fix state</h3>
${byStatus.length === 0 ? "<p>No findings.</p>" : `<table class="narrow"><caption>Findings by the vendor's fix state</caption><thead><tr><th scope="col">State</th><th scope="col" class="num">Findings</th></tr></thead><tbody>${statusRows}</tbody></table>`}`;
}

/** Whether each kind of package was matched, so an empty result never reads as "clean" by mistake. */
function coverage(report: VulnerabilityReport): string {
  const updaters = sortedUnique(report.database.updaters);
  const data = `<p>Vulnerability data: ${updaters.length === 0 ? "none" : esc(updaters.join(", "))}${report.database.updatedAt ? `, updated ${esc(report.database.updatedAt)}` : ""}.</p>`;
  if (report.packages.length === 0) {
    return `${data}<p class="warn">No package database was found in this image, so no packages were listed and nothing could be checked for vulnerabilities.</p>`;
  }
  const entries = report.coverage;
  if (entries === undefined) return `${data}<p class="muted">This report does not record which package kinds were matched.</p>`;
  const notMatched = entries.filter((e) => !e.matched);
  const statement =
    notMatched.length === 0
      ? "<p>Every kind of package found was matched against vulnerability data.</p>"
      : `<p class="warn">${notMatched.reduce((n, e) => n + e.packages, 0)} packages were <strong>not</strong> matched: an absence of findings for them does not mean they are safe.</p>`;
  const rows = entries
    .map((e) => {
      const why = e.matched ? "matched" : `not matched: ${e.reason ?? "unknown reason"}${e.hint ? ` (${e.hint})` : ""}`;
      const sources = e.dataSources.map((s) => `${s.updater}${s.updatedAt ? ` (${s.updatedAt})` : ""}`).join(", ");
      return `<tr><th scope="row">${esc(e.type)}${e.namespace ? ` <span class="muted">${esc(e.namespace)}</span>` : ""}</th><td class="num">${e.packages}</td><td>${esc(why)}</td><td>${esc(sources || "none")}</td></tr>`;
    })
    .join("");
  return `${data}${statement}<table><caption>Coverage by package type</caption><thead><tr><th scope="col">Packages</th><th scope="col" class="num">Count</th><th scope="col">Matched</th><th scope="col">Data sources</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function problems(report: VulnerabilityReport): string {
  const suppressed = report.suppressed ?? [];
  const parts: string[] = [];
  if (suppressed.length > 0) {
    const vex = suppressed.filter((s) => s.by === "vex").length;
    parts.push(`<p>Suppressed: ${suppressed.length} (VEX not_affected: ${vex}, ignore file: ${suppressed.length - vex}).</p>`);
  }
  if (report.problems.length > 0) {
    const items = report.problems.map((p) => `<li>${esc(describeProblem(p))}</li>`).join("");
    parts.push(`<div class="warn"><p>Warnings (${report.problems.length}); the analysis went on past these:</p><ul>${items}</ul></div>`);
  }
  return parts.join("\n");
}

export function summarySection(report: VulnerabilityReport): string {
  const eol = endOfLifeText(report);
  const facts: [string, string][] = [
    ["Image", report.source.ref],
    ["Digest", report.source.digest ?? "none (a directory)"],
    ["Platform", formatPlatform(report.source.platform)],
    ["Distribution", distributionText(report)],
    ...(eol === null ? [] : ([["End of life", eol]] as [string, string][])),
    ["Packages", String(report.packages.length)],
    ["Layers", String(report.layers.length)],
  ];
  const dl = facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd${k === "Digest" || k === "Image" ? ' class="mono"' : ""}>${esc(v)}</dd>`).join("");
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<dl class="facts">${dl}</dl>
${counts(report)}
<h3>Coverage</h3>
${coverage(report)}
${problems(report)}
</section>`;
}
