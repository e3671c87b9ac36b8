import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { harborScanStoreFor } from "./harbor-scan-store.js";
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
    const open = async (): Promise<{ close: () => Promise<void>; scans: ReturnType<typeof harborScanStoreFor> }> => {
      const index = await openIndexStore(spec);
      const scans = harborScanStoreFor(index);
      return { scans, close: async () => { await scans.close(); await index.close(); } };
    };
    const a = await open();
    const created = "2024-01-01T00:00:00.000Z";
    await a.scans.insert({ id: "old", request: { x: 1 }, status: "pending", error: null, report: null, sbom: null, createdAt: created, updatedAt: created });
    await a.scans.insert({ id: "new", request: { x: 2 }, status: "pending", error: null, report: null, sbom: null, createdAt: new Date().toISOString(), updatedAt: created });
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
