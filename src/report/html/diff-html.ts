import { severityRank } from "../../core/severity.js";
import type { ReportDiff, TargetedFinding } from "../diff.js";
import { toDiffDocument } from "../diff-render.js";
import { esc, link } from "./escape.js";
import { htmlPage } from "./page.js";
import { dataTable, filterForm } from "./table.js";

function findingsTable(id: string, caption: string, list: readonly TargetedFinding[]): string {
  if (list.length === 0) return `<p>None.</p>`;
  return dataTable({
    id,
    caption,
    stack: true,
    columns: [
      { label: "Severity", sort: "number", firstSort: "descending" },
      { label: "Vulnerability", sort: "text" },
      { label: "Package", sort: "text" },
      { label: "Version" },
      { label: "Fixed in" },
      { label: "Target" },
    ],
    rows: list.map((t) => {
      const f = t.finding;
      return {
        data: { rank: String(severityRank(f.severity)) },
        cells: [
          { html: `<span class="sev sev-${f.severity}">${f.severity.toUpperCase()}</span>`, sort: severityRank(f.severity) },
          { html: f.links[0] === undefined ? esc(f.id) : link(f.links[0], f.id), sort: f.id },
          { html: `${esc(f.package.name)} <span class="muted">${esc(f.package.type)}</span>`, sort: f.package.name },
          { html: `<span class="mono">${esc(f.package.version)}</span>` },
          { html: esc(f.fixedVersion ?? "none") },
          { html: `<code>${esc(t.target)}</code>` },
        ],
      };
    }),
  });
}

/** The diff's sections, in the order of DIFF_NAV; `claro serve`'s /ui/diff wraps them in its own page. */
export function diffSections(d: ReportDiff): string {
  const p = d.packages;
  const pkgRows = [
    ...p.added.map((a) => ["added", a.name, a.type, "", a.version, a.foundIn] as const),
    ...p.removed.map((r) => ["removed", r.name, r.type, r.version, "", r.foundIn] as const),
    ...p.changed.map((c) => [c.direction, c.name, c.type, c.oldVersion, c.newVersion, c.target] as const),
  ];
  const body = `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<dl class="facts"><dt>Old</dt><dd class="mono">${esc(d.old.ref)}</dd><dt>New</dt><dd class="mono">${esc(d.new.ref)}</dd></dl>
<ul class="cards"><li>Introduced<strong>${d.introduced.length}</strong></li><li>Fixed<strong>${d.fixed.length}</strong></li><li>Unchanged<strong>${d.unchanged.length}</strong></li><li>Packages added<strong>${p.added.length}</strong></li><li>Packages removed<strong>${p.removed.length}</strong></li><li>Packages changed<strong>${p.changed.length}</strong></li></ul>
</section>
<section id="introduced" aria-labelledby="introduced-h"><h2 id="introduced-h">Introduced</h2>
${
  d.introduced.length > 0
    ? filterForm("introduced-table", "introduced findings", [
        { label: "Search", attr: "", op: "search" },
        {
          label: "Severity",
          attr: "data-rank",
          op: "min",
          options: [
            ["", "All"],
            ["5", "CRITICAL only"],
            ["4", "HIGH and above"],
            ["3", "MEDIUM and above"],
            ["2", "LOW and above"],
          ],
        },
      ])
    : ""
}
${findingsTable("introduced-table", `Findings in the new image only (${d.introduced.length})`, d.introduced)}</section>
<section id="fixed" aria-labelledby="fixed-h"><h2 id="fixed-h">Fixed</h2>
${findingsTable("fixed-table", `Findings in the old image only (${d.fixed.length})`, d.fixed)}</section>
<section id="unchanged" aria-labelledby="unchanged-h"><h2 id="unchanged-h">Unchanged</h2>
${findingsTable(
  "unchanged-table",
  `Findings in both (${d.unchanged.length})`,
  d.unchanged.map((u) => u.new),
)}</section>
<section id="packages" aria-labelledby="packages-h"><h2 id="packages-h">Packages</h2>
${
  pkgRows.length === 0
    ? "<p>No package changed.</p>"
    : dataTable({
        id: "packages-table",
        caption: `Packages added, removed and changed (${pkgRows.length})`,
        stack: true,
        columns: [
          { label: "Change", sort: "text" },
          { label: "Package", sort: "text" },
          { label: "Type", sort: "text" },
          { label: "Old" },
          { label: "New" },
          { label: "Target" },
        ],
        rows: pkgRows.map((r) => ({ cells: r.map((c, i) => ({ html: i >= 3 ? `<span class="mono">${esc(c)}</span>` : esc(c) })) })),
      })
}</section>`;
  return body;
}

export const DIFF_NAV: readonly { readonly id: string; readonly label: string }[] = [
  { id: "summary", label: "Summary" },
  { id: "introduced", label: "Introduced" },
  { id: "fixed", label: "Fixed" },
  { id: "unchanged", label: "Unchanged" },
  { id: "packages", label: "Packages" },
];

/** `claro diff --format html`: the same page shell as the scan report. */
export function renderDiffHtml(d: ReportDiff, now: () => Date = () => new Date()): string {
  const at = now();
  return htmlPage({
    title: `claro diff: ${d.old.ref} → ${d.new.ref}`,
    subtitle: esc(`${d.introduced.length} introduced, ${d.fixed.length} fixed, ${d.unchanged.length} unchanged`),
    nav: DIFF_NAV,
    body: diffSections(d),
    data: toDiffDocument(d, at),
    generatedAt: at.toISOString(),
  });
}
