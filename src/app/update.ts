import type { Progress } from "../contracts/image-source.js";
import type { UpdaterStatus } from "../contracts/store.js";
import {
  checkMaxShrink,
  createFeedClient,
  createUpdateScheduler,
  importBundle,
  runEnrichmentUpdates,
  runUpdates,
  writeBundle,
  type BundleImportResult,
  type BundleWriteResult,
  type ShrinkPolicy,
  type UpdateObserver,
  type UpdateResult,
} from "../updater/index.js";
import { feedName, parseFeedSources, updatePlans } from "./feeds.js";
import { LATEST_SCHEMA_VERSION, openAdvisoryStore } from "./stores.js";

export interface UpdateOptions {
  readonly db?: string | undefined;
  /** `NAME=PATH|URL` each. */
  readonly sources?: readonly string[] | undefined;
  /** Comma-separated updater names; default: the sources' names, else every feed. */
  readonly only?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** Accept an update that shrinks an updater's data past `maxShrink` (default: refuse it). */
  readonly allowShrink?: boolean | undefined;
  readonly maxShrink?: number | undefined;
  readonly progress?: Progress | undefined;
  /** Told of each feed as it starts and finishes; feeds run concurrently, so it is how a display follows them. */
  readonly observer?: UpdateObserver | undefined;
  /** Feeds fetched and parsed at once (default 4); one writer either way. */
  readonly concurrency?: number | undefined;
}

export interface UpdateOutcome {
  readonly results: readonly UpdateResult[];
  readonly failed: number;
  /** Why the failures happened when one cause explains them: the disk, or the shrink guard. */
  readonly cause: "disk-full" | "shrunk" | null;
}

/** `claro db update`: runs the ecosystems' and the enrichment feeds' updaters into one store. */
export async function updateDatabase(o: UpdateOptions): Promise<UpdateOutcome> {
  const sources = parseFeedSources(o.sources ?? []);
  const only = o.only ? o.only.split(",").map((n) => feedName(n.trim(), "--only")) : null;
  const { plans, enrichPlans } = updatePlans(only, sources);
  const policy: ShrinkPolicy = { allowShrink: o.allowShrink ?? false, ...(o.maxShrink === undefined ? {} : { maxShrink: checkMaxShrink(o.maxShrink) }) };
  const store = await openAdvisoryStore(o.db);
  try {
    const client = createFeedClient({ ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });
    // Ecosystem and enrichment feeds share one scheduler: one limit on feeds in flight, one writer.
    const run = { scheduler: createUpdateScheduler(o.concurrency), ...(o.observer ? { observer: o.observer } : {}) };
    const [feeds, enrichments] = await Promise.all([
      runUpdates(plans, store, client, o.progress, policy, run),
      runEnrichmentUpdates(enrichPlans, store, client, o.progress, policy, run),
    ]);
    const results = [...feeds, ...enrichments];
    const failures = results.filter((r) => r.status === "failed");
    // A full disk fails the store's write, not the feed: the fix is elsewhere.
    const cause = failures.some((r) => /disk is full|ENOSPC|no space left/i.test(r.error ?? ""))
      ? "disk-full"
      : failures.some((r) => /refusing to replace \d+ records/.test(r.error ?? ""))
        ? "shrunk"
        : null;
    return { results, failed: failures.length, cause };
  } finally {
    await store.close();
  }
}

export interface DatabaseStatus {
  readonly backend: string;
  readonly location: string;
  readonly advisories: number;
  readonly updaters: readonly UpdaterStatus[];
}

/** `claro db status`: what each updater holds. */
export async function databaseStatus(db: string | undefined): Promise<DatabaseStatus> {
  const store = await openAdvisoryStore(db);
  try {
    const updaters = await store.status();
    return { backend: store.backend, location: store.location, advisories: await store.countAdvisories(), updaters };
  } finally {
    await store.close();
  }
}

/** `claro db export FILE`: every updater's data and fingerprint in one checksummed bundle. */
export async function exportDatabase(db: string | undefined, file: string, progress?: Progress): Promise<BundleWriteResult> {
  const store = await openAdvisoryStore(db);
  try {
    return await writeBundle(store, file, { schemaVersion: LATEST_SCHEMA_VERSION, ...(progress ? { progress } : {}) });
  } finally {
    await store.close();
  }
}

/** `claro db import FILE`: verifies the whole bundle, then replaces its updaters' data in one transaction. */
export async function importDatabase(db: string | undefined, file: string, progress?: Progress): Promise<BundleImportResult & { readonly backend: string }> {
  const store = await openAdvisoryStore(db);
  try {
    const r = await importBundle(store, file, { schemaVersion: LATEST_SCHEMA_VERSION, ...(progress ? { progress } : {}) });
    return { ...r, backend: store.backend };
  } finally {
    await store.close();
  }
}
