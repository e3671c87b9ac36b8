import type { Digest } from "../../core/digest.js";
import type { VulnerabilityReport } from "../../core/report.js";
import type { StoredIndex } from "../../contracts/index-store.js";
import { matchReport } from "../../app/match.js";
import { matchIndex } from "../../app/scan.js";
import { countBySeverity, type SeverityCounts } from "../../report/order.js";
import type { ServerDeps } from "../index-service.js";

/**
 * A stored index report matched now, as `claro scan` matches an image: the same findings the
 * Clair v4 vulnerability_report route serves (same matchers, same store, same enrichments), plus
 * the coverage and end-of-life facts the HTML report's summary shows.
 */
export async function storedVulnerabilityReport(
  deps: ServerDeps,
  stored: StoredIndex & { readonly report: NonNullable<StoredIndex["report"]> },
): Promise<VulnerabilityReport> {
  const index = stored.report;
  // The workflow `claro scan` uses (app/scan.ts): findings, enrichments, coverage, end of life.
  // Every package is matched, development-only ones included, as the Clair v4 API and the list's
  // counts do: the page must show the numbers the API serves.
  const { report } = await matchIndex(index, deps.advisoryStore, { matchers: deps.matchers, includeDevDeps: true });
  // A Clair manifest carries no image reference: the digest is the name people search by.
  return { ...report, source: { ...index.source, ref: index.source.ref || stored.manifest, digest: index.source.digest ?? stored.manifest } };
}

/** A finished record with its report; null for a missing, failed or unfinished one. */
export async function finishedIndex(deps: ServerDeps, digest: Digest): Promise<(StoredIndex & { readonly report: NonNullable<StoredIndex["report"]> }) | null> {
  const stored = await deps.indexStore.get(digest);
  if (stored === null || stored.state !== "IndexFinished" || stored.report === null) return null;
  return { ...stored, report: stored.report };
}

/**
 * Severity counts of the list page, kept while the record and the advisory data are unchanged:
 * a page of 25 manifests would otherwise match 25 reports on every view.
 */
export class CountCache {
  private readonly entries = new Map<string, { readonly version: string; readonly counts: SeverityCounts }>();

  constructor(private readonly max = 2000) {}

  async counts(deps: ServerDeps, digest: Digest, version: string): Promise<SeverityCounts | null> {
    const hit = this.entries.get(digest);
    if (hit !== undefined && hit.version === version) return hit.counts;
    const stored = await finishedIndex(deps, digest);
    if (stored === null) return null;
    const counts = countBySeverity(await matchReport(stored.report, deps.matchers, deps.advisoryStore));
    this.entries.delete(digest);
    this.entries.set(digest, { version, counts });
    // Map order is insertion order: the oldest entry goes first.
    for (const [k] of this.entries) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(k);
    }
    return counts;
  }
}
