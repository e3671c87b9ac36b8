import type { Digest } from "../../core/digest.js";
import type { Finding, VulnerabilityReport } from "../../core/report.js";
import { SEVERITIES, severityRank } from "../../core/severity.js";
import { compareFindings, sortedUnique } from "../order.js";
import { isFixable } from "../remediation.js";
import { esc, link } from "./escape.js";
import { layerText, shorten, type LayerLabel } from "./layer-info.js";
import { dataTable, filterForm, type Row } from "./table.js";

/** The advisory's own page first; other links under it. */
function idCell(f: Finding): string {
  const [first, ...rest] = f.links;
  const id = first === undefined ? esc(f.id) : link(first, f.id);
  const marks = [f.kev ? "KEV" : "", f.epss ? `EPSS ${(f.epss.score * 100).toFixed(f.epss.score < 0.1 ? 2 : 1)}%` : ""].filter((m) => m !== "");
  const more =
    rest.length === 0
      ? ""
      : `<details><summary>${rest.length} more link${rest.length === 1 ? "" : "s"}</summary><ul>${rest.map((l) => `<li>${link(l)}</li>`).join("")}</ul></details>`;
  return `${id}${marks.length > 0 ? `<br><span class="muted">${esc(marks.join(", "))}</span>` : ""}${more}`;
}

function descriptionCell(f: Finding): string {
  const text = (f.description ?? "").trim();
  if (text === "") return `<span class="muted">no description</span>`;
  const first = text.split(/(?<=\.)\s|\n/)[0]?.trim() ?? text;
  const title = shorten(first, 120);
  return title === text ? esc(text) : `<details><summary>${esc(title)}</summary><p>${esc(text)}</p></details>`;
}

function findingRow(f: Finding, layers: Map<Digest, LayerLabel>): Row {
  const label = layers.get(f.layer);
  return {
    data: { rank: String(severityRank(f.severity)), fixable: String(isFixable(f)), type: f.package.type, layer: String(label?.position ?? 0) },
    cells: [
      { html: `<span class="sev sev-${f.severity}">${f.severity.toUpperCase()}</span>`, sort: severityRank(f.severity) },
      { html: idCell(f), sort: f.id },
      { html: esc(f.package.name), sort: f.package.name },
      { html: esc(f.package.type) },
      { html: `<span class="mono">${esc(f.package.version)}</span>` },
      { html: f.fixedVersion === null ? `<span class="muted">none</span>` : `<span class="mono">${esc(f.fixedVersion)}</span>` },
      { html: esc(f.status) },
      { html: esc(layerText(label)), sort: label?.position ?? 0 },
      { html: descriptionCell(f) },
    ],
  };
}

export function findingsSection(report: VulnerabilityReport, layers: Map<Digest, LayerLabel>): string {
  const findings = [...report.vulnerabilities].sort(compareFindings);
  const types = sortedUnique(findings.map((f) => f.package.type));
  const layerOptions = [...layers.values()]
    .filter((l) => findings.some((f) => layers.get(f.layer)?.position === l.position))
    .map((l) => [String(l.position), `${layerText(l)}: ${shorten(l.createdBy ?? "no history", 40)}`] as const);
  const form = filterForm("findings-table", "findings", [
    { label: "Search", attr: "", op: "search" },
    {
      label: "Severity",
      attr: "data-rank",
      op: "min",
      options: [
        ["", "All"],
        ...[...SEVERITIES]
          .reverse()
          .slice(0, 4)
          .map((s, i) => [String(severityRank(s)), i === 0 ? "CRITICAL only" : `${s.toUpperCase()} and above`] as const),
      ],
    },
    { label: "Fixable only", attr: "data-fixable", op: "flag" },
    { label: "Package type", attr: "data-type", op: "eq", options: [["", "All"], ...types.map((t) => [t, t] as const)] },
    { label: "Layer", attr: "data-layer", op: "eq", options: [["", "All"], ...layerOptions] },
  ]);
  const table =
    findings.length === 0
      ? "<p>No vulnerabilities found.</p>"
      : dataTable({
          id: "findings-table",
          caption: `Findings (${findings.length}), most severe first`,
          stack: true,
          columns: [
            { label: "Severity", sort: "number", firstSort: "descending" },
            { label: "Vulnerability", sort: "text" },
            { label: "Package", sort: "text" },
            { label: "Type" },
            { label: "Installed" },
            { label: "Fixed in" },
            { label: "Status", sort: "text" },
            { label: "Layer", sort: "number" },
            { label: "Description" },
          ],
          rows: findings.map((f) => findingRow(f, layers)),
        });
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
${findings.length === 0 ? "" : form}
${table}
</section>`;
}
