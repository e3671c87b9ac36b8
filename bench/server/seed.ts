// Indexes the bench's manifests through the real API before the measured phase.
import type { StoredIndex } from "../../src/contracts/index-store.js";
import type { Digest } from "../../src/core/digest.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { pullToken, withToken, type ClairManifest, type LayerSet } from "./manifests.js";

export interface SeedResult {
  /** Wall time of the first manifest of each layer list (every layer fetched and scanned). */
  readonly coldMs: number;
  readonly coldCount: number;
  /** Wall time of the other manifests indexed through the API (layers already seen). */
  readonly warmMs: number;
  readonly warmCount: number;
  readonly warmLatencies: number[];
  /** Manifests whose index record was copied at store level because the API budget ran out. */
  readonly copied: number;
  readonly copyMs: number;
}

interface Job {
  manifest: ClairManifest;
  set: LayerSet;
}

const tokens = new Map<string, { token: string; at: number }>();

/** A pull token per repository, renewed well before its 300 s lifetime ends. */
export async function repoToken(registry: string, repo: string): Promise<string> {
  const t = tokens.get(repo);
  if (t && Date.now() - t.at < 120_000) return t.token;
  const fresh = { token: await pullToken(registry, repo), at: Date.now() };
  tokens.set(repo, fresh);
  return fresh.token;
}

export async function postIndex(base: string, registry: string, job: Job): Promise<number> {
  const body = JSON.stringify(withToken(job.manifest, await repoToken(registry, job.set.repo)));
  const started = performance.now();
  const res = await fetch(`${base}/indexer/api/v1/index_report`, {
    method: "POST",
    headers: { "content-type": "application/vnd.clair.manifest.v1+json" },
    body,
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST index_report ${job.set.name}: ${res.status} ${text.slice(0, 300)}`);
  const state = (JSON.parse(text) as { state?: string }).state;
  if (state !== "IndexFinished") throw new Error(`POST index_report ${job.set.name}: state ${state ?? "?"}: ${text.slice(0, 300)}`);
  return performance.now() - started;
}

export async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * Cold: the first manifest of every layer list, through the API. Warm: the rest through the API,
 * `width` at a time, until `budgetMs` is spent; whatever is left then gets a copy of its layer
 * list's stored record under its own hash (the same row the API would have written).
 */
export async function seed(base: string, registry: string, db: string, jobs: readonly Job[], width: number, budgetMs: number): Promise<SeedResult> {
  const firstOf = new Map<string, Job>();
  for (const j of jobs) if (!firstOf.has(j.set.name)) firstOf.set(j.set.name, j);
  const cold = [...firstOf.values()];
  let started = performance.now();
  await pool(cold, width, async (j) => void (await postIndex(base, registry, j)));
  const coldMs = performance.now() - started;

  const rest = jobs.filter((j) => firstOf.get(j.set.name) !== j);
  const warmLatencies: number[] = [];
  const left: Job[] = [];
  started = performance.now();
  await pool(rest, width, async (j) => {
    if (performance.now() - started > budgetMs) left.push(j);
    else warmLatencies.push(await postIndex(base, registry, j));
  });
  const warmMs = performance.now() - started;

  started = performance.now();
  if (left.length > 0) {
    const store = await openIndexStore(db);
    try {
      const records = new Map<string, StoredIndex>();
      for (const [name, j] of firstOf) {
        const src = await store.get(j.manifest.hash as Digest);
        if (src === null) throw new Error(`no stored record for ${name}`);
        records.set(name, src);
      }
      await pool(left, width, async (j) => {
        await store.save({ ...records.get(j.set.name)!, manifest: j.manifest.hash as Digest, updatedAt: new Date().toISOString() });
      });
    } finally {
      await store.close();
    }
  }
  return { coldMs, coldCount: cold.length, warmMs, warmCount: warmLatencies.length, warmLatencies, copied: left.length, copyMs: performance.now() - started };
}
