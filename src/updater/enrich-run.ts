import { isFatalError } from "../core/problem.js";
import type { EnrichmentUpdaterFactory } from "../contracts/enrichment.js";
import type { Progress } from "../contracts/image-source.js";
import type { AdvisoryStore, UpdateRun } from "../contracts/store.js";
import type { FeedClient, FeedSource } from "../contracts/updater.js";
import { storedCounts, type UpdateResult } from "./run-updates.js";
import { guardShrink, type ShrinkPolicy } from "./shrink-guard.js";

export interface EnrichmentPlan {
  /** `nvd`, `epss`, `kev`. */
  readonly name: string;
  readonly factory: EnrichmentUpdaterFactory;
  readonly source: FeedSource;
}

/**
 * runUpdates for the per-CVE feeds: the same conditional fetch, per-updater atomic replace and
 * failure isolation and shrink guard, written to the enrichments table instead of the advisories.
 */
export async function runEnrichmentUpdates(
  plans: readonly EnrichmentPlan[],
  store: Pick<AdvisoryStore, "fingerprint" | "recordRun" | "replaceEnrichments" | "status">,
  client: FeedClient,
  progress?: Progress,
  policy: ShrinkPolicy = {},
): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  const stored = await storedCounts(store);
  for (const plan of plans) {
    const started = Date.now();
    let updaters;
    try {
      updaters = await plan.factory(plan.source, client);
    } catch (e) {
      results.push(failed(plan.name, e, started));
      continue;
    }
    const task = progress?.start(`updating ${plan.name}`, updaters.length);
    for (const updater of updaters) {
      const startedAt = new Date();
      try {
        const previous = await store.fingerprint(updater.id);
        const outcome = await updater.fetch(previous, client);
        if (outcome.status === "unchanged") {
          await store.recordRun(run(updater.id, previous, startedAt, "unchanged", null));
          results.push({ updater: updater.id, status: "unchanged", recordCount: 0, problems: [], error: null, durationMs: Date.now() - startedAt.getTime() });
        } else {
          const parsed = updater.parse(outcome.body);
          const count = await store.replaceEnrichments(
            run(updater.id, outcome.fingerprint, startedAt, "changed", null),
            guardShrink(stored.get(updater.id) ?? 0, parsed.records, parsed.problems, policy),
          );
          results.push({ updater: updater.id, status: "changed", recordCount: count, problems: parsed.problems, error: null, durationMs: Date.now() - startedAt.getTime() });
        }
      } catch (e) {
        const result = failed(updater.id, e, startedAt.getTime());
        results.push(result);
        await store.recordRun(run(updater.id, null, startedAt, "failed", result.error)).catch(() => undefined);
      }
      task?.advance(1);
    }
    task?.done();
  }
  return results;
}

function run(updater: string, fingerprint: string | null, startedAt: Date, status: UpdateRun["status"], error: string | null): UpdateRun {
  return { updater, fingerprint, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), status, recordCount: 0, error };
}

function failed(updater: string, e: unknown, started: number): UpdateResult {
  const message = isFatalError(e) ? e.message : e instanceof Error ? e.message : String(e);
  return { updater, status: "failed", recordCount: 0, problems: [], error: message, durationMs: Date.now() - started };
}
