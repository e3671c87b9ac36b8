import type { Matcher } from "../contracts/matcher.js";
import type { AdvisoryStore } from "../contracts/store.js";
import type { Finding, IndexReport } from "../core/report.js";
import { attachEnrichments, matchReport } from "../matcher/index.js";

// Matching alone, for the callers that match against something other than the store (the
// notifiers diff an update against in-memory finders) and do not report enrichments.
export { matchReport };

/**
 * The findings of an index with their NVD, EPSS and KEV data: what `claro scan`, the Clair v4
 * vulnerability report and the Harbor report all show, so the three cannot drift apart again.
 */
export async function vulnerabilityFindings(index: IndexReport, matchers: readonly Matcher[], store: AdvisoryStore): Promise<Finding[]> {
  return attachEnrichments(await matchReport(index, matchers, store), store);
}
