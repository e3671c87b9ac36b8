import { isEnrichment } from "../contracts/enrichment.js";
import type { StoredRecord, UpdateRun } from "../contracts/store.js";
import { IterationError } from "./rows.js";

/**
 * Checks the runs of a multi-updater import: one per updater, each a `changed` run. Sorted by
 * updater so two importers take their per-updater locks in the same order and cannot deadlock.
 */
export function importRuns(runs: readonly UpdateRun[]): UpdateRun[] {
  const seen = new Set<string>();
  for (const r of runs) {
    if (seen.has(r.updater)) throw new TypeError(`importAdvisories: updater ${r.updater} appears twice in the runs`);
    seen.add(r.updater);
  }
  return [...runs]
    .map((r) => ({ ...r, status: "changed" as const, recordCount: 0 }))
    .sort((a, b) => (a.updater < b.updater ? -1 : a.updater > b.updater ? 1 : 0));
}

/** The async twin of guardIterable: marks the caller's errors so they surface as-is after the rollback. */
export async function* guardAsyncIterable<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T, void, undefined> {
  let iter: AsyncIterator<T> | Iterator<T>;
  try {
    iter = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  } catch (e) {
    throw new IterationError(e);
  }
  let finished = false;
  try {
    for (;;) {
      let r: IteratorResult<T>;
      try {
        r = await iter.next();
      } catch (e) {
        finished = true;
        throw new IterationError(e);
      }
      if (r.done === true) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    // Lets the source close its file when the database fails mid-way.
    if (!finished) await iter.return?.();
  }
}

/** The run id an imported advisory belongs to; a record of an updater not being imported is the caller's error. */
export function runIdFor<Id>(ids: ReadonlyMap<string, Id>, a: StoredRecord): Id {
  const id = ids.get(a.updater);
  if (id === undefined) {
    const what = isEnrichment(a) ? `${a.kind} record ${a.cve}` : `advisory ${a.id}`;
    throw new IterationError(new TypeError(`importAdvisories: ${what} belongs to updater ${a.updater}, which is not being imported`));
  }
  return id;
}
