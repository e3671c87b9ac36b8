import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { AdvisoryStore } from "../contracts/store.js";
import { ecosystems } from "../ecosystems/index.js";
import { openStore } from "../store/index.js";
import { sharedPath } from "../../test/support/shared.js";
import { createFeedClient } from "./feed-client.js";
import { runUpdates, type UpdateResult } from "./run-updates.js";
import { createUpdateScheduler, DEFAULT_FEED_CONCURRENCY } from "./update-scheduler.js";

const SECDB = readFileSync(sharedPath("fixtures", "vulndata", "alpine", "secdb-json", "v3.10", "community.json"));

/** The real store, counting how many of its writes are in progress at once. */
function countingStore(real: AdvisoryStore): { store: AdvisoryStore; maxWrites: () => number } {
  let active = 0;
  let max = 0;
  const store = new Proxy(real, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      const fn = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
      if (prop !== "replaceAdvisories" && prop !== "replaceEnrichments" && prop !== "recordRun") return fn;
      return async (...args: unknown[]): Promise<unknown> => {
        max = Math.max(max, ++active);
        try {
          return await fn(...args);
        } finally {
          active--;
        }
      };
    },
  });
  return { store, maxWrites: () => max };
}

test("feeds are fetched 4 at a time, never more, while writes go through one writer; results keep plan order", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-sched-"));
  // Each request is held until 4 are waiting (or every remaining one is): a runner fetching fewer
  // at once would never be answered, one fetching more is seen above 4.
  const expected = 43 + 1; // Alpine's releases × repositories, and Debian's one feed
  const held: ServerResponse[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;
  const server = createServer((req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.on("close", () => inFlight--);
    held.push(res);
    if (held.length >= DEFAULT_FEED_CONCURRENCY || answered + held.length >= expected) {
      for (const r of held.splice(0)) {
        answered++;
        r.writeHead(404).end();
      }
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const real = await openStore(`sqlite:${join(dir, "db.sqlite")}`, {});
  try {
    const { store, maxWrites } = countingStore(real);
    const client = createFeedClient({ retries: 0 });
    const scheduler = createUpdateScheduler();
    const finished: string[] = [];
    const started = new Set<string>();
    const observer = { started: (u: string) => started.add(u), finished: (r: UpdateResult) => finished.push(r.updater) };
    // Two runs sharing one scheduler, as `claro db update` runs the ecosystems and the enrichments.
    const [feeds, debian] = await Promise.all([
      runUpdates(
        [{ ecosystem: "alpine", factory: ecosystems.alpine.updaters, source: { kind: "url", url: `${base}/` } }],
        store,
        client,
        undefined,
        {},
        { scheduler, observer },
      ),
      runUpdates(
        [{ ecosystem: "debian", factory: ecosystems.debian.updaters, source: { kind: "url", url: `${base}/debian.json` } }],
        store,
        client,
        undefined,
        {},
        { scheduler, observer },
      ),
    ]);
    const all = [...feeds, ...debian];
    assert.equal(feeds.length, 43, "one result per Alpine release × repository");
    assert.equal(maxInFlight, DEFAULT_FEED_CONCURRENCY, "both runs share the limit of 4 feeds at once");
    assert.equal(maxWrites(), 1, "one writer");
    assert.ok(
      all.every((r) => r.status === "failed" && /HTTP 404/.test(r.error ?? "")),
      JSON.stringify(all.slice(0, 2)),
    );
    // Results in plan order (v3.2/main first); the observer heard of each as it started and finished.
    assert.equal(feeds[0]!.updater, "alpine/v3.2/main");
    assert.deepEqual([...finished].sort(), all.map((r) => r.updater).sort());
    assert.deepEqual([...started].sort(), all.map((r) => r.updater).sort());
    // Every failure was recorded with its reason, for db status.
    const status = await real.status();
    assert.equal(status.filter((u) => u.lastRun.status === "failed" && /HTTP 404/.test(u.lastRun.error ?? "")).length, 44);
  } finally {
    await real.close();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a concurrent run replaces each updater atomically: every served feed's records arrive whole", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-sched-"));
  const server = createServer((req, res) => {
    // Three releases carry data; the rest are missing upstream, as old releases are.
    if (/^\/v3\.(9|10|11)\/community\.json$/.test(req.url ?? "")) res.writeHead(200).end(SECDB);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const real = await openStore(`sqlite:${join(dir, "db.sqlite")}`, {});
  try {
    const { store, maxWrites } = countingStore(real);
    const results = await runUpdates(
      [{ ecosystem: "alpine", factory: ecosystems.alpine.updaters, source: { kind: "url", url: base } }],
      store,
      createFeedClient({ retries: 0 }),
    );
    const changed = results.filter((r) => r.status === "changed");
    assert.deepEqual(
      changed.map((r) => r.updater),
      ["alpine/v3.10/community", "alpine/v3.11/community", "alpine/v3.9/community"].sort(compareReleases),
    );
    const counts = new Set(changed.map((r) => r.recordCount));
    assert.equal(counts.size, 1, "the same feed gives the same record count to each updater");
    assert.ok([...counts][0]! > 0);
    assert.equal(maxWrites(), 1);
    const status = new Map((await real.status()).map((u) => [u.updater, u]));
    for (const r of changed) assert.equal(status.get(r.updater)?.recordCount, r.recordCount, r.updater);
  } finally {
    await real.close();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Plan order of Alpine releases: v3.9 before v3.10. */
function compareReleases(a: string, b: string): number {
  const minor = (s: string): number => Number(/v3\.(\d+)/.exec(s)?.[1] ?? 0);
  return minor(a) - minor(b);
}
