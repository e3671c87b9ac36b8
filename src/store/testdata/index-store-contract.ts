import assert from "node:assert/strict";
import { test } from "node:test";
import type { Digest } from "../../core/digest.js";
import type { IndexReport } from "../../core/report.js";
import type { IndexStore, StoredIndex } from "../../contracts/index-store.js";

const A = `sha256:${"a".repeat(64)}` as Digest;
const B = `sha256:${"b".repeat(64)}` as Digest;

const REPORT: IndexReport = {
  source: { ref: "clair:manifest", digest: A, platform: { os: "linux", architecture: "amd64" }, repository: null },
  distribution: { id: "debian", versionId: "12", codename: "bookworm", prettyName: "Debian GNU/Linux 12 (bookworm)" },
  layers: [{ digest: B, diffId: B, createdBy: null }],
  packages: [
    {
      name: "openssl",
      version: "3.0.11-1~deb12u2",
      type: "deb",
      arch: "amd64",
      source: null,
      purl: "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64",
      layer: B,
      foundIn: "var/lib/dpkg/status",
    },
  ],
  problems: [],
};

/** The IndexStore port's behaviour, run against each backend. `open` gives a fresh, migrated store. */
export function indexStoreContract(name: string, open: () => Promise<IndexStore>): void {
  test(`${name}: save, get, replace, list, delete`, async () => {
    const store = await open();
    try {
      assert.equal(await store.get(A), null);
      const failed: StoredIndex = {
        manifest: A,
        state: "IndexError",
        error: "layer fetch refused",
        indexState: "s1",
        report: null,
        updatedAt: "2024-01-01T00:00:00.000Z",
      };
      await store.save(failed);
      assert.deepEqual(await store.get(A), failed);
      const done: StoredIndex = { ...failed, state: "IndexFinished", error: null, report: REPORT, updatedAt: "2024-01-02T00:00:00.000Z" };
      await store.save(done);
      assert.deepEqual(await store.get(A), done);
      await store.save({ ...done, manifest: B });
      assert.deepEqual(await store.list(), [A, B]);
      assert.equal(await store.delete(A), true);
      assert.equal(await store.delete(A), false);
      assert.deepEqual(await store.list(), [B]);
      await store.ping();
    } finally {
      await store.close();
    }
  });

  test(`${name}: migrate is idempotent and keeps data`, async () => {
    const store = await open();
    try {
      await store.save({ manifest: A, state: "IndexFinished", error: null, indexState: "s", report: REPORT, updatedAt: "2024-01-01T00:00:00.000Z" });
      await store.migrate();
      await store.migrate();
      assert.equal((await store.get(A))?.report?.packages[0]?.name, "openssl");
    } finally {
      await store.close();
    }
  });

  test(`${name}: stamp follows the record, alone or with many asked at once`, async () => {
    const store = await open();
    try {
      assert.equal(await store.stamp(A), null);
      await store.save({ manifest: A, state: "IndexFinished", error: null, indexState: "s", report: REPORT, updatedAt: "2024-01-01T00:00:00.000Z" });
      await store.save({ manifest: B, state: "IndexError", error: "x", indexState: "s", report: null, updatedAt: "2024-01-03T00:00:00.000Z" });
      const wantA = { state: "IndexFinished", indexState: "s", updatedAt: "2024-01-01T00:00:00.000Z" };
      const wantB = { state: "IndexError", indexState: "s", updatedAt: "2024-01-03T00:00:00.000Z" };
      assert.deepEqual(await store.stamp(A), wantA);
      // Concurrent reads (a busy server) of present, repeated and absent manifests each get their own answer.
      const C = `sha256:${"c".repeat(64)}` as Digest;
      const asked = Array.from({ length: 60 }, (_, i) => [A, B, C][i % 3]!);
      const got = await Promise.all(asked.map((d) => store.stamp(d)));
      assert.deepEqual(
        got,
        asked.map((d) => (d === A ? wantA : d === B ? wantB : null)),
      );
      await store.delete(A);
      assert.equal(await store.stamp(A), null, "a read after a delete sees the delete");
    } finally {
      await store.close();
    }
  });
}
