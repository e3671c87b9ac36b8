import type { Advisory } from "../../core/advisory.js";
import type { AdvisoryQuery } from "../../contracts/matcher.js";
import type { OperationDiff } from "../../contracts/notifier-store.js";
import type { AdvisoryStore, UpdateRun } from "../../contracts/store.js";

/**
 * What makes two records the same advisory across updates: what it says about which package
 * versions are affected. A reworded description or a new link is not a new advisory.
 */
export function advisoryKey(a: Advisory): string {
  return [
    a.id,
    a.namespace,
    a.packageName,
    a.packageKind,
    a.versionScheme,
    a.status,
    a.fixedVersion ?? "",
    a.introducedVersion ?? "",
    a.lastAffectedVersion ?? "",
  ].join("\u0000");
}

/** A vulnerability as Clair v2 keys it: one name in one namespace, over all its package records. */
export const vulnerabilityKey = (a: Pick<Advisory, "id" | "namespace">): string => `${a.id}\u0000${a.namespace}`;

/** Every record of one vulnerability the run touched, before and after it (Clair v2's Old and New). */
export interface VulnerabilityChange {
  readonly key: string;
  readonly old: readonly Advisory[];
  readonly new: readonly Advisory[];
}

export interface RunDiff {
  readonly run: UpdateRun;
  readonly added: readonly Advisory[];
  readonly removed: readonly Advisory[];
  /** The vulnerabilities with an added or removed record, in key order. */
  readonly changes: readonly VulnerabilityChange[];
  /** The updater had no records before this run: its first load, which Clair does not notify. */
  readonly first: boolean;
}

function changesOf(
  before: ReadonlyMap<string, Advisory>,
  after: ReadonlyMap<string, Advisory>,
  added: readonly Advisory[],
  removed: readonly Advisory[],
): VulnerabilityChange[] {
  const touched = new Map<string, { old: Advisory[]; new: Advisory[] }>();
  for (const a of [...added, ...removed]) touched.set(vulnerabilityKey(a), { old: [], new: [] });
  if (touched.size === 0) return [];
  for (const a of before.values()) touched.get(vulnerabilityKey(a))?.old.push(a);
  for (const a of after.values()) touched.get(vulnerabilityKey(a))?.new.push(a);
  return [...touched].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([key, v]) => ({ key, ...v }));
}

/**
 * The store as runUpdates sees it, with `replaceAdvisories` snapshotting the updater's previous
 * records and teeing the new ones, so each changed run yields its diff without a second parse.
 * Runs under the update lock, so no other writer changes the updater between the two reads.
 */
export function diffingStore(store: AdvisoryStore, diffs: RunDiff[]): AdvisoryStore {
  const replaceAdvisories = async (run: UpdateRun, advisories: Iterable<Advisory>): Promise<number> => {
    const before = new Map<string, Advisory>();
    for await (const a of store.exportAdvisories(run.updater)) before.set(advisoryKey(a), a);
    const after = new Map<string, Advisory>();
    const tee = function* (): Generator<Advisory> {
      for (const a of advisories) {
        after.set(advisoryKey(a), a);
        yield a;
      }
    };
    const count = await store.replaceAdvisories(run, tee());
    const added = [...after].filter(([k]) => !before.has(k)).map(([, a]) => a);
    const removed = [...before].filter(([k]) => !after.has(k)).map(([, a]) => a);
    diffs.push({ run, added, removed, changes: changesOf(before, after, added, removed), first: before.size === 0 });
    return count;
  };
  return new Proxy(store, {
    get(target, prop, receiver): unknown {
      if (prop === "replaceAdvisories") return replaceAdvisories;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The net change over consecutive operations of one updater, oldest first: a record added then
 * removed (or the reverse) cancels out.
 */
export function composeDiffs(diffs: readonly OperationDiff[]): { added: Advisory[]; removed: Advisory[] } {
  const added = new Map<string, Advisory>();
  const removed = new Map<string, Advisory>();
  for (const d of diffs) {
    for (const a of d.removed) {
      const k = advisoryKey(a);
      if (added.has(k)) added.delete(k);
      else removed.set(k, a);
    }
    for (const a of d.added) {
      const k = advisoryKey(a);
      if (removed.has(k)) removed.delete(k);
      else added.set(k, a);
    }
  }
  return { added: [...added.values()], removed: [...removed.values()] };
}

/** A read-only `find` over a diff's records, so a stored index report is matched against just them. */
export function memoryFinder(advisories: readonly Advisory[]): { find(queries: readonly AdvisoryQuery[]): Promise<readonly Advisory[]> } {
  const byQuery = new Map<string, Advisory[]>();
  const key = (q: AdvisoryQuery): string => `${q.namespace}\u0000${q.packageKind}\u0000${q.packageName}`;
  for (const a of advisories) {
    const k = key({ namespace: a.namespace, packageName: a.packageName, packageKind: a.packageKind });
    byQuery.set(k, [...(byQuery.get(k) ?? []), a]);
  }
  return { find: async (queries) => queries.flatMap((q) => byQuery.get(key(q)) ?? []) };
}
