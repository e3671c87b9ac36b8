import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, test } from "node:test";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { openHarborScanStore } from "./open-side-stores.js";
import { openIndexStore } from "./open-index-store.js";

const dir = mkdtempSync(join(tmpdir(), "claro-harbor-scans-"));
const schema = uniqueSchema();
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

for (const backend of ["sqlite", "postgres"] as const) {
  test(`${backend}: scan jobs survive a reopen, update and expire`, async () => {
    const spec = backend === "sqlite" ? `sqlite:${join(dir, "claro.db")}` : withSchema(await pgTestUrl(), schema);
    const open = async (): Promise<{ close: () => Promise<void>; scans: ReturnType<typeof openHarborScanStore> }> => {
      const index = await openIndexStore(spec);
      const scans = openHarborScanStore(spec);
      return {
        scans,
        close: async () => {
          await scans.close();
          await index.close();
        },
      };
    };
    const a = await open();
    const created = "2024-01-01T00:00:00.000Z";
    await a.scans.insert({ id: "old", request: { x: 1 }, status: "pending", error: null, report: null, sbom: null, createdAt: created, updatedAt: created });
    await a.scans.insert({
      id: "new",
      request: { x: 2 },
      status: "pending",
      error: null,
      report: null,
      sbom: null,
      createdAt: new Date().toISOString(),
      updatedAt: created,
    });
    await a.scans.update("new", { status: "done", error: null, report: { severity: "High" }, sbom: { packages: [] } });
    await a.close();
    const b = await open();
    const got = await b.scans.get("new");
    assert.equal(got?.status, "done");
    assert.deepEqual(got?.request, { x: 2 });
    assert.deepEqual(got?.report, { severity: "High" });
    assert.deepEqual(got?.sbom, { packages: [] });
    assert.equal(await b.scans.prune("2024-06-01T00:00:00.000Z"), 1);
    assert.equal(await b.scans.get("old"), null);
    await b.close();
  });
}

for (const backend of ["sqlite", "postgres"] as const) {
  test(`${backend}: a lapsed lease is claimed once, fences the old owner, and attempts are capped`, async () => {
    const spec = backend === "sqlite" ? `sqlite:${join(dir, "lease.db")}` : withSchema(await pgTestUrl(), schema);
    const index = await openIndexStore(spec);
    const [s1, s2] = [openHarborScanStore(spec), openHarborScanStore(spec)];
    try {
      const now = new Date().toISOString();
      const a = { owner: "a", leaseMs: 300 };
      const b = { owner: "b", leaseMs: 300 };
      await s1.insert(
        { id: `lease-${backend}`, request: { secret: "Bearer x" }, status: "pending", error: null, report: null, sbom: null, createdAt: now, updatedAt: now },
        a,
      );
      const id = `lease-${backend}`;
      assert.deepEqual(await s2.claim(id, b, 2), { kind: "none" }, "a held lease is not taken");
      assert.equal(await s1.renew(id, a), true);
      await sleep(400);
      // Two would-be takers at once: exactly one wins.
      const [c1, c2] = await Promise.all([s1.claim(id, b, 2), s2.claim(id, { owner: "c", leaseMs: 300 }, 2)]);
      assert.deepEqual([c1.kind, c2.kind].sort(), ["claimed", "none"]);
      const won = c1.kind === "claimed" ? c1 : c2;
      assert.ok(won.kind === "claimed");
      assert.equal(won.scan.attempts, 2);
      assert.deepEqual(won.scan.request, { secret: "Bearer x" }, "the stored request comes back to re-run");
      assert.equal(await s1.renew(id, a), false, "the old owner lost its hold");
      await s1.update(id, { status: "done", error: null, report: { from: "a" }, sbom: null }, "a");
      assert.equal((await s2.get(id))?.status, "pending", "the old owner's late result is not written");
      await sleep(400);
      const gave = await s2.claim(id, b, 2);
      assert.equal(gave.kind, "exhausted");
      assert.equal((await s1.get(id))?.status, "failed");
      assert.match((await s1.get(id))?.error ?? "", /abandoned: 2 run\(s\) ended without a result/);
      assert.deepEqual(await s2.claim(id, b, 2), { kind: "none" }, "a failed scan is not claimed again");
    } finally {
      await s1.close();
      await s2.close();
      await index.close();
    }
  });

  test(`${backend}: a released job is claimable at once and its run is not counted; finished and others' jobs stay`, async () => {
    const spec = backend === "sqlite" ? `sqlite:${join(dir, "release.db")}` : withSchema(await pgTestUrl(), schema);
    const index = await openIndexStore(spec);
    const [s1, s2] = [openHarborScanStore(spec), openHarborScanStore(spec)];
    try {
      const now = new Date().toISOString();
      const long = (owner: string) => ({ owner, leaseMs: 60_000 });
      const job = (id: string) => ({
        id: `${id}-${backend}`,
        request: {},
        status: "pending" as const,
        error: null,
        report: null,
        sbom: null,
        createdAt: now,
        updatedAt: now,
      });
      await s1.insert(job("mine"), long("a1"));
      await s1.insert(job("done"), long("a2"));
      await s1.update(`done-${backend}`, { status: "done", error: null, report: {}, sbom: null }, "a2");
      await s2.insert(job("theirs"), long("b1"));
      assert.equal(await s1.release(["a1", "a2"]), 1, "only the unfinished job of these owners");
      assert.equal(await s1.release([]), 0);
      assert.equal(await s1.renew(`mine-${backend}`, long("a1")), false, "the releasing owner holds nothing now");
      const taken = await s2.claim(`mine-${backend}`, long("b2"), 1);
      assert.equal(taken.kind, "claimed", "claimable at once, though its lease had 60 s left");
      assert.equal(taken.kind === "claimed" ? taken.scan.attempts : -1, 1, "the interrupted run was not counted");
      assert.equal((await s1.get(`done-${backend}`))?.status, "done");
      assert.equal(await s2.renew(`theirs-${backend}`, long("b1")), true, "another owner's job is untouched");
    } finally {
      await s1.close();
      await s2.close();
      await index.close();
    }
  });
}
