import type { Digest } from "../../core/digest.js";
import type { VulnerabilityReport } from "../../core/report.js";
import { SEVERITIES } from "../../core/severity.js";
import type { IndexSummary, IndexSummaryPage } from "../../contracts/index-store.js";
import type { VersionOrder } from "../../contracts/reporter.js";
import type { SeverityCounts } from "../../report/order.js";
import { buildRemediation } from "../../report/remediation.js";
import { esc } from "../../report/html/escape.js";
import { layerLabels } from "../../report/html/layer-info.js";
import { findingsSection } from "../../report/html/scan-findings.js";
import { layersSection, remediationSection } from "../../report/html/scan-layers.js";
import { summarySection } from "../../report/html/scan-summary.js";
import { dataTable } from "../../report/html/table.js";
import { uiPage } from "./ui-page.js";

export const PAGE_SIZE = 25;
const SHOWN = [...SEVERITIES].reverse();

export interface ManifestRow {
  readonly summary: IndexSummary;
  /** Null when there is no finished report to match (failed or in progress). */
  readonly counts: SeverityCounts | null;
}

const manifestHref = (d: Digest): string => `/ui/manifests/${encodeURIComponent(d).replace(/%3A/g, ":")}`;

function pageHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q !== "") params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s === "" ? "/ui" : `/ui?${s}`;
}

/** Why a manifest has no counts; null when it has them. */
function notAnalysed(r: ManifestRow): string | null {
  if (r.counts !== null) return null;
  return r.summary.state === "IndexError"
    ? `<span class="state-bad">Index failed</span>: ${esc(r.summary.error ?? "no reason recorded")}`
    : `Not analysed yet (${esc(r.summary.state)})`;
}

function countCells(r: ManifestRow): { html: string; sort?: number }[] {
  const counts = r.counts;
  // "n/a", never a zero that would read as clean.
  if (counts === null) return SHOWN.map(() => ({ html: `<span class="muted">n/a</span>`, sort: -1 }));
  return SHOWN.map((s) => ({ html: String(counts[s]), sort: counts[s] }));
}

/** `/ui`: the indexed manifests, newest first, with a digest search and pages. */
export function manifestListPage(page: IndexSummaryPage, rows: readonly ManifestRow[], q: string, pageNo: number): string {
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  const search = `<form class="search" method="get" action="/ui" role="search">
<label for="q">Search digests<input id="q" name="q" type="search" value="${esc(q)}" placeholder="sha256:…" autocomplete="off"></label>
<button type="submit">Search</button>${q === "" ? "" : ` <a href="/ui">Clear</a>`}
</form>`;
  const table =
    rows.length === 0
      ? `<p>${q === "" ? "No manifest has been indexed yet. Post one to /indexer/api/v1/index_report." : `No manifest digest contains “${esc(q)}”.`}</p>`
      : dataTable({
          id: "manifests-table",
          caption: `Manifests ${(pageNo - 1) * PAGE_SIZE + 1}–${(pageNo - 1) * PAGE_SIZE + rows.length} of ${page.total}`,
          stack: true,
          columns: [
            { label: "Manifest", sort: "text" },
            { label: "First seen", sort: "text" },
            { label: "Last indexed", sort: "text", firstSort: "descending" },
            ...SHOWN.map((s) => ({ label: s.charAt(0).toUpperCase() + s.slice(1), sort: "number" as const, numeric: true, firstSort: "descending" as const })),
          ],
          rows: rows.map((r) => ({
            data: { manifest: r.summary.manifest },
            cells: [
              {
                html: `<a class="mono" href="${esc(manifestHref(r.summary.manifest))}">${esc(r.summary.manifest)}</a>${notAnalysed(r) === null ? "" : `<br>${notAnalysed(r)}`}`,
                sort: r.summary.manifest,
              },
              { html: esc(r.summary.firstSeen), sort: r.summary.firstSeen },
              { html: esc(r.summary.updatedAt), sort: r.summary.updatedAt },
              ...countCells(r),
            ],
          })),
        });
  const pager =
    pages <= 1
      ? ""
      : `<nav class="pager" aria-label="Pages">${pageNo > 1 ? `<a href="${esc(pageHref(q, pageNo - 1))}" rel="prev">Previous</a>` : ""}<span>Page ${pageNo} of ${pages}</span>${pageNo < pages ? `<a href="${esc(pageHref(q, pageNo + 1))}" rel="next">Next</a>` : ""}</nav>`;
  return uiPage({
    title: "Indexed manifests",
    section: "manifests",
    subtitle: esc(`${page.total} ${q === "" ? "manifests" : "matching manifests"}. Counts are findings matched against the current vulnerability data.`),
    body: `${search}\n${table}\n${pager}`,
  });
}

/** `/ui/manifests/{digest}`: the stored report matched now, in the HTML report's own sections. */
export function manifestPage(report: VulnerabilityReport, manifest: Digest, others: readonly Digest[], order?: VersionOrder): string {
  const layers = layerLabels(report);
  const options = others
    .filter((d) => d !== manifest)
    .map((d) => `<option value="${esc(d)}">${esc(d)}</option>`)
    .join("");
  const compare =
    options === ""
      ? ""
      : `<form class="search" method="get" action="/ui/diff"><input type="hidden" name="from" value="${esc(manifest)}">
<label for="diff-to">Compare with<select id="diff-to" name="to">${options}</select></label><button type="submit">Diff</button></form>`;
  return uiPage({
    title: `Manifest ${manifest}`,
    section: "manifests",
    subtitle: esc(`${report.vulnerabilities.length} findings in ${report.packages.length} packages`),
    nav: [
      { id: "summary", label: "Summary" },
      { id: "findings", label: "Findings" },
      { id: "layers", label: "Layers" },
      { id: "remediation", label: "Remediation" },
    ],
    body: [
      compare,
      summarySection(report),
      findingsSection(report, layers),
      layersSection(report, layers),
      remediationSection(buildRemediation(report, order), layers),
    ].join("\n"),
  });
}
