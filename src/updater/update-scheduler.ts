import pLimit, { type LimitFunction } from "p-limit";
import { isFatalError } from "../core/problem.js";
import type { Progress } from "../contracts/image-source.js";
import type { UpdateRun } from "../contracts/store.js";
import type { UpdateResult } from "./run-updates.js";

/** Feeds fetched and parsed at once by default: enough to overlap network waits on 2 cores. */
export const DEFAULT_FEED_CONCURRENCY = 4;

/** Told about each updater as it starts and as it finishes (in finishing order, not plan order). */
export interface UpdateObserver {
  started?(updater: string): void;
  finished?(result: UpdateResult): void;
}

/**
 * Shared by every run of one update (ecosystems and enrichments alike): `feeds` bounds the feeds
 * in flight, `writer` lets one write at a time, so each updater's replace stays one transaction
 * that no other updater's write interleaves with.
 */
export interface UpdateScheduler {
  readonly feeds: LimitFunction;
  readonly writer: LimitFunction;
}

export function createUpdateScheduler(concurrency: number = DEFAULT_FEED_CONCURRENCY): UpdateScheduler {
  return { feeds: pLimit(Math.max(1, Math.floor(concurrency))), writer: pLimit(1) };
}

export interface RunOptions {
  readonly observer?: UpdateObserver;
  /** Pass one scheduler to concurrent runs so they share its limits; default: a new one. */
  readonly scheduler?: UpdateScheduler;
}

/** What a plan contributes: a name for failures before any updater exists, and its updaters. */
interface PlanWork<U> {
  readonly name: string;
  make(): Promise<readonly U[]>;
  /** Whether a plan that makes no updaters has failed (a source with no feed files in it). */
  readonly emptyIsFailure: boolean;
}

/**
 * Makes each plan's updaters and runs them, every step under the feed limit. Results come back in
 * plan order then updater order, whatever order they finished in, so reports stay stable.
 */
export async function schedulePlans<U extends { readonly id: string }>(
  plans: readonly PlanWork<U>[],
  runOne: (updater: U) => Promise<UpdateResult>,
  scheduler: UpdateScheduler,
  options: { readonly observer?: UpdateObserver | undefined; readonly progress?: Progress | undefined },
): Promise<UpdateResult[]> {
  const perPlan = await Promise.all(
    plans.map(async (plan): Promise<UpdateResult[]> => {
      const started = Date.now();
      let updaters: readonly U[];
      try {
        updaters = await scheduler.feeds(() => plan.make());
      } catch (e) {
        return [report(failedResult(plan.name, e, started), options.observer)];
      }
      if (updaters.length === 0) {
        return plan.emptyIsFailure ? [report(failedResult(plan.name, new Error("no feed files found for this source"), started), options.observer)] : [];
      }
      const task = options.progress?.start(`updating ${plan.name}`, updaters.length);
      const results = await Promise.all(
        updaters.map((u) =>
          scheduler.feeds(async () => {
            options.observer?.started?.(u.id);
            const r = report(await runOne(u), options.observer);
            task?.advance(1);
            return r;
          }),
        ),
      );
      task?.done();
      return results;
    }),
  );
  return perPlan.flat();
}

function report(r: UpdateResult, observer: UpdateObserver | undefined): UpdateResult {
  observer?.finished?.(r);
  return r;
}

export function failedResult(updater: string, e: unknown, started: number): UpdateResult {
  const message = isFatalError(e) ? e.message : e instanceof Error ? e.message : String(e);
  return { updater, status: "failed", recordCount: 0, problems: [], error: message, durationMs: Date.now() - started };
}

export function updateRun(updater: string, fingerprint: string | null, startedAt: Date, status: UpdateRun["status"], error: string | null): UpdateRun {
  return { updater, fingerprint, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), status, recordCount: 0, error };
}
