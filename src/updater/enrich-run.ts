import type { EnrichmentUpdater, EnrichmentUpdaterFactory } from "../contracts/enrichment.js";
import type { Progress } from "../contracts/image-source.js";
import type { AdvisoryStore } from "../contracts/store.js";
import type { FeedClient, FeedSource } from "../contracts/updater.js";
import { storedCounts, type UpdateResult } from "./run-updates.js";
import { guardShrink, type ShrinkPolicy } from "./shrink-guard.js";
import { createUpdateScheduler, failedResult, schedulePlans, updateRun, type RunOptions } from "./update-scheduler.js";
import { fetchParsedEnrichment } from "./fetch-parsed.js";

export interface EnrichmentPlan {
  /** `nvd`, `epss`, `kev`. */
  readonly name: string;
  readonly factory: EnrichmentUpdaterFactory;
  readonly source: FeedSource;
}

/**
 * runUpdates for the per-CVE feeds: the same conditional fetch, per-updater atomic replace,
 * failure isolation, shrink guard and concurrency (share `options.scheduler` with runUpdates to
 * share its limits), written to the enrichments table instead of the advisories.
 */
export async function runEnrichmentUpdates(
  plans: readonly EnrichmentPlan[],
  store: Pick<AdvisoryStore, "fingerprint" | "recordRun" | "replaceEnrichments" | "status">,
  client: FeedClient,
  progress?: Progress,
  policy: ShrinkPolicy = {},
  options: RunOptions = {},
): Promise<UpdateResult[]> {
  const stored = await storedCounts(store);
  const scheduler = options.scheduler ?? createUpdateScheduler();
  const { writer } = scheduler;
  const runOne = async (updater: EnrichmentUpdater): Promise<UpdateResult> => {
    const startedAt = new Date();
    const started = startedAt.getTime();
    try {
      const previous = await store.fingerprint(updater.id);
      const outcome = await fetchParsedEnrichment(updater, previous, client);
      if (outcome.status === "unchanged") {
        await writer(() => store.recordRun(updateRun(updater.id, previous, startedAt, "unchanged", null)));
        return { updater: updater.id, status: "unchanged", recordCount: 0, problems: [], error: null, durationMs: Date.now() - started };
      }
      const parsed = outcome.parsed;
      let count: number;
      try {
        count = await writer(() =>
          store.replaceEnrichments(
            updateRun(updater.id, outcome.fingerprint, startedAt, "changed", null),
            guardShrink(stored.get(updater.id) ?? 0, parsed.records, parsed.problems, policy),
          ),
        );
      } finally {
        // Downloaded pages go even when the write never started to read them.
        parsed.dispose?.();
      }
      return { updater: updater.id, status: "changed", recordCount: count, problems: parsed.problems, error: null, durationMs: Date.now() - started };
    } catch (e) {
      const result = failedResult(updater.id, e, started);
      await writer(() => store.recordRun(updateRun(updater.id, null, startedAt, "failed", result.error))).catch(() => undefined);
      return result;
    }
  };
  const work = plans.map((plan) => ({ name: plan.name, make: () => plan.factory(plan.source, client), emptyIsFailure: false }));
  return schedulePlans(work, runOne, scheduler, { observer: options.observer, progress });
}
