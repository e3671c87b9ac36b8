import type { Problem } from "../core/problem.js";
import type { Progress } from "../contracts/image-source.js";
import type { AdvisoryStore, UpdateRun } from "../contracts/store.js";
import type { FeedClient, FeedSource, Updater, UpdaterFactory } from "../contracts/updater.js";
import { fetchParsed } from "./fetch-parsed.js";
import { guardShrink, type ShrinkPolicy } from "./shrink-guard.js";
import { createUpdateScheduler, failedResult, schedulePlans, updateRun, type RunOptions } from "./update-scheduler.js";

export interface UpdatePlan {
  readonly ecosystem: string;
  readonly factory: UpdaterFactory;
  readonly source: FeedSource;
}

export interface UpdateResult {
  readonly updater: string;
  readonly status: UpdateRun["status"];
  readonly recordCount: number;
  readonly problems: readonly Problem[];
  readonly error: string | null;
  readonly durationMs: number;
}

/**
 * Runs every updater of every plan, up to `DEFAULT_FEED_CONCURRENCY` feeds at once with one
 * writer. Each updater's data is replaced atomically; one failing feed is recorded as failed and
 * leaves its previous data in place, while the others go on. An update that would shrink an
 * updater's data past `policy` is such a failure (see shrink-guard).
 */
export async function runUpdates(
  plans: readonly UpdatePlan[],
  store: AdvisoryStore,
  client: FeedClient,
  progress?: Progress,
  policy: ShrinkPolicy = {},
  options: RunOptions = {},
): Promise<UpdateResult[]> {
  const stored = await storedCounts(store);
  const scheduler = options.scheduler ?? createUpdateScheduler();
  const { writer } = scheduler;
  const runOne = async (updater: Updater): Promise<UpdateResult> => {
    const startedAt = new Date();
    const started = startedAt.getTime();
    try {
      const previous = await store.fingerprint(updater.id);
      const outcome = await fetchParsed(updater, previous, client);
      if (outcome.status === "unchanged") {
        await writer(() => store.recordRun(updateRun(updater.id, previous, startedAt, "unchanged", null)));
        return { updater: updater.id, status: "unchanged", recordCount: 0, problems: [], error: null, durationMs: Date.now() - started };
      }
      const parsed = outcome.parsed;
      let count: number;
      try {
        count = await writer(() =>
          store.replaceAdvisories(
            updateRun(updater.id, outcome.fingerprint, startedAt, "changed", null),
            guardShrink(stored.get(updater.id) ?? 0, parsed.advisories, parsed.problems, policy),
          ),
        );
      } finally {
        // A downloaded feed's file goes even when the write never started to read it.
        parsed.dispose?.();
      }
      return { updater: updater.id, status: "changed", recordCount: count, problems: parsed.problems, error: null, durationMs: Date.now() - started };
    } catch (e) {
      const result = failedResult(updater.id, e, started);
      await writer(() => store.recordRun(updateRun(updater.id, null, startedAt, "failed", result.error))).catch(() => undefined);
      return result;
    }
  };
  // Upstream with no updaters is an ecosystem without a feed (Fedora): nothing to fail. A source given for it is.
  const work = plans.map((plan) => ({ name: plan.ecosystem, make: () => plan.factory(plan.source, client), emptyIsFailure: plan.source.kind !== "upstream" }));
  return schedulePlans(work, runOne, scheduler, { observer: options.observer, progress });
}

/** Each updater's record count as of its last write: what an update is compared with. */
export async function storedCounts(store: Pick<AdvisoryStore, "status">): Promise<ReadonlyMap<string, number>> {
  return new Map((await store.status()).map((u) => [u.updater, u.recordCount]));
}
