import type { Problem } from "../core/problem.js";
import { isFatalError } from "../core/problem.js";
import type { Progress } from "../contracts/image-source.js";
import type { AdvisoryStore, UpdateRun } from "../contracts/store.js";
import type { FeedClient, FeedSource, UpdaterFactory } from "../contracts/updater.js";
import { guardShrink, type ShrinkPolicy } from "./shrink-guard.js";

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
 * Runs every updater of every plan. Each updater's data is replaced atomically; one failing
 * feed is recorded as failed and leaves its previous data in place, while the others go on.
 * An update that would shrink an updater's data past `policy` is such a failure (see shrink-guard).
 */
export async function runUpdates(
  plans: readonly UpdatePlan[],
  store: AdvisoryStore,
  client: FeedClient,
  progress?: Progress,
  policy: ShrinkPolicy = {},
): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  const stored = await storedCounts(store);
  for (const plan of plans) {
    let updaters;
    try {
      updaters = await plan.factory(plan.source, client);
    } catch (e) {
      results.push(failed(plan.ecosystem, e, Date.now()));
      continue;
    }
    if (updaters.length === 0) {
      results.push({ ...failed(plan.ecosystem, new Error("no feed files found for this source"), Date.now()) });
      continue;
    }
    const task = progress?.start(`updating ${plan.ecosystem}`, updaters.length);
    for (const updater of updaters) {
      const startedAt = new Date();
      const started = startedAt.getTime();
      try {
        const previous = await store.fingerprint(updater.id);
        const outcome = await updater.fetch(previous, client);
        if (outcome.status === "unchanged") {
          await store.recordRun(run(updater.id, previous, startedAt, "unchanged", 0, null));
          results.push({ updater: updater.id, status: "unchanged", recordCount: 0, problems: [], error: null, durationMs: Date.now() - started });
        } else {
          const parsed = updater.parse(outcome.body);
          const count = await store.replaceAdvisories(
            run(updater.id, outcome.fingerprint, startedAt, "changed", 0, null),
            guardShrink(stored.get(updater.id) ?? 0, parsed.advisories, parsed.problems, policy),
          );
          results.push({ updater: updater.id, status: "changed", recordCount: count, problems: parsed.problems, error: null, durationMs: Date.now() - started });
        }
      } catch (e) {
        const result = failed(updater.id, e, started);
        results.push(result);
        await store.recordRun(run(updater.id, null, startedAt, "failed", 0, result.error)).catch(() => undefined);
      }
      task?.advance(1);
    }
    task?.done();
  }
  return results;
}

/** Each updater's record count as of its last write: what an update is compared with. */
export async function storedCounts(store: Pick<AdvisoryStore, "status">): Promise<ReadonlyMap<string, number>> {
  return new Map((await store.status()).map((u) => [u.updater, u.recordCount]));
}

function run(
  updater: string,
  fingerprint: string | null,
  startedAt: Date,
  status: UpdateRun["status"],
  recordCount: number,
  error: string | null,
): UpdateRun {
  return { updater, fingerprint, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), status, recordCount, error };
}

function failed(updater: string, e: unknown, started: number): UpdateResult {
  const message = isFatalError(e) ? e.message : e instanceof Error ? e.message : String(e);
  return { updater, status: "failed", recordCount: 0, problems: [], error: message, durationMs: Date.now() - started };
}
