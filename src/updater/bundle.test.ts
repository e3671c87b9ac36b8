import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gunzipSync } from "node:zlib";
import { LATEST_SCHEMA_VERSION } from "../store/index.js";
import { makeAdvisory, makeRun, manyAdvisories } from "../store/testdata/advisories.js";
import { importBundle, readBundleRecords, verifyBundle } from "./bundle-reader.js";
import { writeBundle } from "./bundle-writer.js";
import { Scratch, bundleLines, exportAll, observe, queriesOf, updateDebian } from "./testdata/bundle-helpers.js";

const opts = { schemaVersion: LATEST_SCHEMA_VERSION };
const NOW = new Date("2025-01-02T03:04:05.000Z");

describe("db bundle round trip", () => {
  const scratch = new Scratch();
  after(() => scratch.cleanup());

  it("SQLite → bundle → PostgreSQL → bundle → SQLite keeps find results, fingerprints and counts", { timeout: 120_000 }, async () => {
    const source = await scratch.sqlite("source.sqlite");
    const [updated] = await updateDebian(source);
    assert.equal(updated?.status, "changed");
    // A second updater with the optional field set, so more than one section and every column is exercised.
    await source.replaceAdvisories(makeRun("osv/go", "fp-go", "changed", "2024-06-01T00:00:00.000Z"), [
      {
        ...makeAdvisory(1, { updater: "osv/go", namespace: "go", packageKind: "binary", status: "affected", fixedVersion: null }),
        lastAffectedVersion: "1.2.3",
      },
      makeAdvisory(2, { updater: "osv/go", namespace: "go", packageKind: "binary" }),
    ]);
    const first = scratch.path("first.claro-db.gz");
    const written = await writeBundle(source, first, { ...opts, now: NOW });
    assert.equal(written.sha256, createHash("sha256").update(readFileSync(first)).digest("hex"));
    assert.equal(written.records, await source.countAdvisories());
    assert.ok(written.records > 100, `the derived feed gave only ${written.records} records`);

    const pg = await scratch.postgres();
    const imported = await importBundle(pg, first, opts);
    assert.equal(imported.records, written.records);
    const queries = await queriesOf(source);
    assert.deepEqual(await pg.find(queries), await source.find(queries));
    const brief = async (s: typeof source) => (await s.status()).map((u) => [u.updater, u.fingerprint, u.recordCount, u.lastChangedAt]);
    assert.deepEqual(await brief(pg), await brief(source));
    assert.equal(await pg.countAdvisories(), await source.countAdvisories());

    // Exported again from PostgreSQL, the content is byte for byte the same: the format is canonical.
    const second = scratch.path("second.claro-db.gz");
    await writeBundle(pg, second, { ...opts, now: NOW });
    assert.deepEqual(gunzipSync(readFileSync(second)), gunzipSync(readFileSync(first)));

    const back = await scratch.sqlite("back.sqlite");
    await importBundle(back, second, opts);
    assert.deepEqual(await back.find(queries), await source.find(queries));
    assert.deepEqual(await brief(back), await brief(source));
    for (const u of ["debian", "osv/go"]) assert.deepEqual(await exportAll(back, u), await exportAll(source, u));

    // The imported fingerprint is the feed's, so an update from the same feed costs nothing.
    const [again] = await updateDebian(back);
    assert.equal(again?.status, "unchanged");
  });

  it("the header describes each updater; the content ends with a trailer over every byte before it", async () => {
    const store = await scratch.sqlite("shape.sqlite");
    await store.replaceAdvisories(makeRun("a", "fp-a", "changed", "2024-01-01T00:00:00.000Z"), manyAdvisories(3, { updater: "a" }));
    await store.recordRun(makeRun("never", null, "failed", "2024-01-01T00:00:00.000Z", { error: "HTTP 500" }));
    const file = scratch.path("shape.gz");
    await writeBundle(store, file, { ...opts, now: NOW });
    const lines = bundleLines(readFileSync(file));
    assert.equal(lines.length, 5);
    const header: unknown = JSON.parse(lines[0]!);
    const recordsSha = createHash("sha256")
      .update(
        lines
          .slice(1, 4)
          .map((l) => `${l}\n`)
          .join(""),
      )
      .digest("hex");
    // An updater whose runs all failed has no data and is not in the bundle.
    assert.deepEqual(header, {
      format: "claro-db-bundle",
      version: 1,
      createdAt: NOW.toISOString(),
      schemaVersion: LATEST_SCHEMA_VERSION,
      updaters: [{ updater: "a", fingerprint: "fp-a", lastChangedAt: "2024-01-01T00:00:00.000Z", recordCount: 3, sha256: recordsSha }],
    });
    const wholeSha = createHash("sha256")
      .update(
        lines
          .slice(0, 4)
          .map((l) => `${l}\n`)
          .join(""),
      )
      .digest("hex");
    assert.deepEqual(JSON.parse(lines[4]!), { format: "claro-db-bundle-end", records: 3, sha256: wholeSha });
    const summary = await verifyBundle(file);
    assert.equal(summary.records, 3);
  });

  it("an updater with zero records round-trips as an empty section", async () => {
    const store = await scratch.sqlite("empty-section.sqlite");
    await store.replaceAdvisories(makeRun("a", "fp-a", "changed", "2024-01-01T00:00:00.000Z"), []);
    await store.replaceAdvisories(makeRun("b", "fp-b", "changed", "2024-01-01T00:00:00.000Z"), manyAdvisories(2, { updater: "b" }));
    const file = scratch.path("empty-section.gz");
    await writeBundle(store, file, opts);
    const target = await scratch.sqlite("empty-section-target.sqlite");
    await importBundle(target, file, opts);
    assert.deepEqual(await observe(target), await observe(store));
  });

  it("an empty database is DB_EMPTY, and no file is left behind", async () => {
    const store = await scratch.sqlite("nothing.sqlite");
    await assert.rejects(writeBundle(store, scratch.path("nothing.gz"), opts), { code: "DB_EMPTY" });
    assert.throws(() => readFileSync(scratch.path("nothing.gz")), { code: "ENOENT" });
  });

  it("reading streams records one at a time in header order", async () => {
    const store = await scratch.sqlite("stream.sqlite");
    await store.replaceAdvisories(makeRun("b", "fp-b", "changed", "2024-01-01T00:00:00.000Z"), manyAdvisories(5000, { updater: "b" }));
    await store.replaceAdvisories(makeRun("a", "fp-a", "changed", "2024-01-01T00:00:00.000Z"), manyAdvisories(10, { updater: "a" }));
    const file = scratch.path("stream.gz");
    await writeBundle(store, file, opts);
    const order: string[] = [];
    const it = readBundleRecords(file);
    let r = await it.next();
    while (r.done !== true) {
      if (order.at(-1) !== r.value.updater) order.push(r.value.updater);
      r = await it.next();
    }
    assert.deepEqual(order, ["a", "b"]);
    assert.equal(r.value.records, 5010);
  });

  it("a bundle from a newer claro is refused before anything is written", async () => {
    const store = await scratch.sqlite("newer.sqlite");
    await store.replaceAdvisories(makeRun("a", "fp-a", "changed", "2024-01-01T00:00:00.000Z"), manyAdvisories(2, { updater: "a" }));
    const file = scratch.path("newer.gz");
    await writeBundle(store, file, { schemaVersion: LATEST_SCHEMA_VERSION + 1 });
    const target = await scratch.sqlite("newer-target.sqlite");
    await assert.rejects(importBundle(target, file, opts), { code: "BUNDLE_INVALID", message: /written by a newer claro/ });
    assert.equal(await target.countAdvisories(), 0);
  });
});

describe("db bundle memory", () => {
  let scratch: Scratch;
  before(() => {
    scratch = new Scratch();
  });
  after(() => scratch.cleanup());

  it("exports and imports 50,000 records (50 MB of text) without holding them (heap growth well under their size)", { timeout: 300_000 }, async () => {
    const store = await scratch.sqlite("big.sqlite");
    await store.replaceAdvisories(
      makeRun("big", "fp", "changed", "2024-01-01T00:00:00.000Z"),
      manyAdvisories(50_000, { updater: "big", description: "x".repeat(1000) }),
    );
    const file = scratch.path("big.gz");
    // Live heap, not garbage: sampled right after a full collection.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const live = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const base = live();
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, live())), 500);
    try {
      await writeBundle(store, file, opts);
      const target = await scratch.sqlite("big-target.sqlite");
      const result = await importBundle(target, file, opts);
      assert.equal(result.counts.get("big"), 50_000);
    } finally {
      clearInterval(timer);
    }
    // 100k records of ~600 bytes are ~60 MB as JSON and more as objects; streaming stays far below.
    assert.ok(peak - base < 30 * 1024 * 1024, `heap grew by ${((peak - base) / 1048576).toFixed(0)} MiB`);
  });
});
