import { FatalError, describeProblem, type Problem } from "../core/problem.js";

/** How far one update may shrink an updater's data before it is refused. */
export interface ShrinkPolicy {
  /** Accept any shrink (`--allow-shrink`): the operator knows the feed really lost records. */
  readonly allowShrink?: boolean;
  /** The largest accepted loss, as a fraction of the stored count (default 0.5). */
  readonly maxShrink?: number;
}

export const DEFAULT_MAX_SHRINK = 0.5;

/**
 * Why writing `next` records over `previous` ones must be refused, or null to go ahead. A feed
 * cut short can still parse (a YAML or CSV cut at a line break, `packages: []`, `{}`), so the
 * count is the last line of defence for the data already stored.
 */
export function shrinkRefusal(previous: number, next: number, problems: readonly Problem[], policy: ShrinkPolicy = {}): string | null {
  // Not a shrink but a broken document: nothing in it could be used, whatever was stored before.
  if (next === 0 && problems.length > 0) {
    return `no record of the feed is valid (${problems.length} rejected; first: ${describeProblem(problems[0]!)}); the previous data is kept`;
  }
  if (policy.allowShrink === true || previous === 0 || next >= previous) return null;
  const max = policy.maxShrink ?? DEFAULT_MAX_SHRINK;
  if (next > 0 && next >= (1 - max) * previous) return null;
  const lost = Math.round(((previous - next) / previous) * 100);
  return (
    `refusing to replace ${previous} records with ${next} (${lost}% fewer; the limit is ${Math.round(max * 100)}%): ` +
    "the feed may be truncated or broken, so the previous data is kept"
  );
}

export const SHRINK_HINT = "if the feed really shrank, run `claro db update --allow-shrink` (or set allowShrink / CLARO_ALLOW_SHRINK)";

/**
 * Passes `items` through and, once they are exhausted, throws FEED_INVALID when the update must be
 * refused. The stores consume the iterable inside their write transaction and roll back on any
 * error it throws, so a refusal leaves the previous data exactly as it was, with no second pass.
 */
export function* guardShrink<T>(previous: number, items: Iterable<T>, problems: readonly Problem[], policy: ShrinkPolicy = {}): Generator<T> {
  let count = 0;
  for (const item of items) {
    count += 1;
    yield item;
  }
  const why = shrinkRefusal(previous, count, problems, policy);
  if (why !== null) throw new FatalError("FEED_INVALID", why, SHRINK_HINT);
}

/** Validates a `maxShrink` setting: a fraction in (0, 1]. */
export function checkMaxShrink(value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new FatalError(
      "CONFIG_INVALID",
      `maxShrink ${value} is not a fraction in (0, 1]`,
      "e.g. 0.5 refuses an update that loses more than half an updater's records",
    );
  }
  return value;
}
