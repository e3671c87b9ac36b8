import type { Digest } from "../../core/digest.js";
import type { VulnerabilityReport } from "../../core/report.js";
import { SEVERITIES } from "../../core/severity.js";
import { comparePackages, countBySeverity } from "../order.js";
import type { Remediation } from "../remediation.js";
import { groupHeading } from "../remediation-text.js";
import { esc, formatBytes } from "./escape.js";
import { layerText, type LayerLabel } from "./layer-info.js";
import { dataTable } from "./table.js";

function severityBadges(counts: Record<string, number>): string {
  const parts = [...SEVERITIES]
    .reverse()
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `<span class="sev sev-${s}">${s.toUpperCase()} ${counts[s]}</span>`);
  return parts.length === 0 ? "none" : parts.join(" ");
}

/**
 * Each layer with what it added: whether the risk comes from the base image or from the user's
 * own steps is the question this answers at a glance.
 */
export function layersSection(report: VulnerabilityReport, layers: Map<Digest, LayerLabel>): string {
  const fromBase = report.vulnerabilities.filter((f) => layers.get(f.layer)?.origin === "base").length;
  const total = report.vulnerabilities.length;
  const anyBase = [...layers.values()].some((l) => l.origin === "base");
  const verdict = anyBase
    ? `<p><strong>${fromBase}</strong> of ${total} findings come from the base image and <strong>${total - fromBase}</strong> from your own layers.</p>`
    : `<p class="muted">The image history does not show where a base image ends, so every layer is counted as yours.</p>`;
  const rows = report.layers.map((l, i) => {
    const label = layers.get(l.diffId);
    const own = label?.position === i + 1;
    const packages = own ? report.packages.filter((p) => p.layer === l.diffId).sort(comparePackages) : [];
    const findings = own ? report.vulnerabilities.filter((f) => f.layer === l.diffId) : [];
    const list =
      packages.length === 0
        ? "0"
        : `<details><summary>${packages.length}</summary><ul>${packages.map((p) => `<li>${esc(p.name)} <span class="mono">${esc(p.version)}</span> <span class="muted">${esc(p.type)}</span></li>`).join("")}</ul></details>`;
    return {
      cells: [
        { html: String(i + 1), sort: i + 1 },
        { html: label?.origin === "base" ? `<span class="origin-base">base image</span>` : `<span class="origin-user">yours</span>` },
        { html: l.createdBy === null ? `<span class="muted">no history</span>` : `<code>${esc(l.createdBy)}</code>` },
        { html: esc(formatBytes(l.size)), sort: l.size ?? 0 },
        { html: list, sort: packages.length },
        { html: `${findings.length} <span class="muted">·</span> ${severityBadges(countBySeverity(findings))}`, sort: findings.length },
      ],
    };
  });
  return `<section id="layers" aria-labelledby="layers-h">
<h2 id="layers-h">Layers</h2>
${verdict}
${dataTable({
  id: "layers-table",
  caption: "Layers, base first: what each added",
  stack: true,
  columns: [
    { label: "#", sort: "number", numeric: true },
    { label: "Origin", sort: "text" },
    { label: "Created by" },
    { label: "Size", sort: "number", numeric: true },
    { label: "Packages added", sort: "number", numeric: true },
    { label: "Findings introduced", sort: "number", firstSort: "descending" },
  ],
  rows,
})}
</section>`;
}

export function remediationSection(r: Remediation, layers: Map<Digest, LayerLabel>): string {
  const groups = r.groups.map((g, gi) => {
    const table = dataTable({
      id: `fix-${gi + 1}`,
      caption: `${g.packages.length} package${g.packages.length === 1 ? "" : "s"} to upgrade`,
      stack: true,
      columns: [
        { label: "Package", sort: "text" },
        { label: "Type" },
        { label: "Installed" },
        { label: "Upgrade to" },
        { label: "Findings removed", sort: "number", numeric: true, firstSort: "descending" },
        { label: "Highest" },
        { label: "Manifest" },
      ],
      rows: g.packages.map((p) => ({
        cells: [
          { html: esc(p.name) },
          { html: esc(p.type) },
          { html: `<span class="mono">${esc(p.version)}</span>` },
          { html: `<span class="mono">${esc(p.fixedVersion)}</span>` },
          { html: String(p.findings), sort: p.findings },
          { html: `<span class="sev sev-${p.highestSeverity}">${p.highestSeverity.toUpperCase()}</span>` },
          { html: p.manifest === null ? `<span class="muted">OS package</span>` : `<code>${esc(p.manifest)}</code>` },
        ],
      })),
    });
    const cmd = g.command === null ? "" : `<pre class="cmd"><code>${esc(g.command)}</code></pre>`;
    return `<h3>${esc(groupHeading(g))}</h3>\n${cmd}\n${table}`;
  });
  const unfixable =
    r.unfixable.length === 0
      ? ""
      : `<h3>Without a fix (${r.unfixable.length})</h3>
${dataTable({
  id: "unfixable-table",
  caption: "Findings no upgrade removes yet, with the vendor's state",
  stack: true,
  columns: [
    { label: "Vulnerability", sort: "text" },
    { label: "Package", sort: "text" },
    { label: "Installed" },
    { label: "State", sort: "text" },
    { label: "Severity", sort: "number", firstSort: "descending" },
    { label: "Layer" },
  ],
  rows: r.unfixable.map((u) => ({
    cells: [
      { html: esc(u.id) },
      { html: esc(u.package.name) },
      { html: `<span class="mono">${esc(u.package.version)}</span>` },
      { html: esc(u.status) },
      { html: `<span class="sev sev-${u.severity}">${u.severity.toUpperCase()}</span>`, sort: SEVERITIES.indexOf(u.severity) },
      { html: esc(layerText(layers.get(u.layer))) },
    ],
  })),
})}`;
  return `<section id="remediation" aria-labelledby="remediation-h">
<h2 id="remediation-h">Remediation by layer</h2>
${groups.length === 0 ? "<p>No finding has a fix yet.</p>" : groups.join("\n")}
${unfixable}
</section>`;
}
