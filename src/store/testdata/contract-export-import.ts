import assert from "node:assert/strict";
import { it } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import { FatalError } from "../../core/problem.js";
import type { AdvisoryStore } from "../../contracts/store.js";
import { makeAdvisory, makeRun, manyAdvisories } from "./advisories.js";

const T0 = "2024-05-01T10:00:00.000Z";
const T1 = "2024-05-02T10:00:00.000Z";
const T2 = "2024-05-03T10:00:00.000Z";

async function collect(items: AsyncIterable<Advisory>): Promise<Advisory[]> {
  const out: Advisory[] = [];
  for await (const a of items) out.push(a);
  return out;
}

async function* slowly<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const x of items) {
    await Promise.resolve();
    yield x;
  }
}

/** Everything a client can observe, to prove a failed import changed nothing. */
async function snapshot(store: AdvisoryStore): Promise<unknown> {
  const status = await store.status();
  const all = [];
  for (const s of status) all.push(await collect(store.exportAdvisories(s.updater)));
  return { status, all, count: await store.countAdvisories() };
}

/** The export/import half of the AdvisoryStore contract; registered inside runStoreContract's describe. */
export function exportImportContract(getStore: () => AdvisoryStore): void {
  it("exportAdvisories streams exactly one updater's records in write order, with every field", async () => {
    const store = getStore();
    const debian = [...manyAdvisories(2500)].map((a, i) =>
      i === 7 ? { ...a, lastAffectedVersion: "1.7-1", status: "affected" as const, fixedVersion: null } : a,
    );
    await store.replaceAdvisories(makeRun("debian", "fp-d", "changed", T0), debian);
    await store.replaceAdvisories(makeRun("alpine", "fp-a", "changed", T0), manyAdvisories(3, { updater: "alpine", namespace: "alpine:3.9" }));
    assert.deepEqual(await collect(store.exportAdvisories("debian")), debian);
    assert.equal((await collect(store.exportAdvisories("alpine"))).length, 3);
    assert.deepEqual(await collect(store.exportAdvisories("nope")), []);
  });

  it("a consumer that stops exporting early leaves the store usable", async () => {
    const store = getStore();
    await store.replaceAdvisories(makeRun("debian", "fp", "changed", T0), manyAdvisories(5000));
    let n = 0;
    for await (const _ of store.exportAdvisories("debian")) if (++n === 10) break;
    assert.equal(n, 10);
    assert.equal(await store.replaceAdvisories(makeRun("debian", "fp2", "changed", T1), manyAdvisories(4)), 4);
    assert.equal(await store.countAdvisories(), 4);
  });

  it("importAdvisories replaces the named updaters in one go, records their runs, and leaves the others", async () => {
    const store = getStore();
    await store.replaceAdvisories(makeRun("debian", "old-d", "changed", T0), manyAdvisories(10));
    await store.replaceAdvisories(makeRun("kept", "old-k", "changed", T0), manyAdvisories(2, { updater: "kept" }));
    const alpine = [...manyAdvisories(1500, { updater: "alpine", namespace: "alpine:3.9", packageKind: "binary" })];
    const debian = [...manyAdvisories(7, { fixedVersion: "9" })];
    const counts = await store.importAdvisories(
      [makeRun("debian", "new-d", "changed", T1, { recordCount: 999 }), makeRun("alpine", "new-a", "changed", T2)],
      slowly([...alpine.slice(0, 700), ...debian, ...alpine.slice(700)]),
    );
    assert.deepEqual([...counts].sort(), [
      ["alpine", 1500],
      ["debian", 7],
    ]);
    assert.equal(await store.countAdvisories(), 1509);
    assert.deepEqual(await collect(store.exportAdvisories("debian")), debian);
    assert.deepEqual(await collect(store.exportAdvisories("alpine")), alpine);
    assert.equal(await store.fingerprint("debian"), "new-d");
    assert.deepEqual(
      (await store.status()).map((s) => [s.updater, s.fingerprint, s.recordCount, s.lastChangedAt, s.lastRun.status]),
      [
        ["alpine", "new-a", 1500, T2, "changed"],
        ["debian", "new-d", 7, T1, "changed"],
        ["kept", "old-k", 2, T0, "changed"],
      ],
    );
    // An updater imported with no records ends up empty, with its run recorded.
    assert.deepEqual([...(await store.importAdvisories([makeRun("kept", "empty", "changed", T2)], []))], [["kept", 0]]);
    assert.deepEqual(await collect(store.exportAdvisories("kept")), []);
    assert.equal(await store.fingerprint("kept"), "empty");
  });

  it("an import whose source throws halfway changes nothing, for any updater; the error is the caller's", async () => {
    const store = getStore();
    await store.replaceAdvisories(makeRun("debian", "old-d", "changed", T0), manyAdvisories(30));
    await store.replaceAdvisories(makeRun("alpine", "old-a", "changed", T0), manyAdvisories(5, { updater: "alpine" }));
    const before = await snapshot(store);
    const tampered = new FatalError("BUNDLE_INVALID", "checksum mismatch");
    async function* source(): AsyncGenerator<Advisory> {
      yield* manyAdvisories(1200, { updater: "alpine" });
      yield* manyAdvisories(1200, { updater: "debian" });
      throw tampered;
    }
    await assert.rejects(
      store.importAdvisories([makeRun("debian", "x", "changed", T1), makeRun("alpine", "y", "changed", T1)], source()),
      (e) => e === tampered,
    );
    assert.deepEqual(await snapshot(store), before);
  });

  it("an import with a record of an updater it does not name, or one the schema rejects, changes nothing", async () => {
    const store = getStore();
    await store.replaceAdvisories(makeRun("debian", "old-d", "changed", T0), manyAdvisories(30));
    const before = await snapshot(store);
    await assert.rejects(
      store.importAdvisories([makeRun("debian", "x", "changed", T1)], [makeAdvisory(1), makeAdvisory(2, { updater: "alpine" })]),
      (e) => e instanceof TypeError && /belongs to updater alpine/.test(e.message),
    );
    const bad = { ...makeAdvisory(5), status: "vulnerable" } as unknown as Advisory;
    await assert.rejects(
      store.importAdvisories([makeRun("debian", "x", "changed", T1)], [makeAdvisory(1), bad]),
      (e) => e instanceof FatalError && e.code === "DB_ERROR" && !e.message.includes("\n"),
    );
    await assert.rejects(store.importAdvisories([makeRun("debian", "x", "changed", T1), makeRun("debian", "y", "changed", T1)], []), TypeError);
    assert.deepEqual(await snapshot(store), before);
  });
}
