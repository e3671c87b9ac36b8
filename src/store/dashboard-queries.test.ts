import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import type { IndexStore, StoredIndex } from "../contracts/index-store.js";
import type { NotifierStore } from "../contracts/notifier-store.js";
import type { Digest } from "../core/digest.js";
import { openIndexStore } from "./open-index-store.js";
import { openNotifierStore } from "./open-notifier-store.js";

// The read-only queries of the /ui dashboard (issue 14), on both backends.
const dir = mkdtempSync(join(tmpdir(), "claro-dashboard-store-"));
const schemas: string[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

const backends: readonly (readonly [string, () => Promise<string>])[] = [
  ["sqlite", async () => `sqlite:${join(dir, `${randomUUID()}.sqlite`)}`],
  [
    "postgres",
    async () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      return withSchema(await pgTestUrl(), schema);
    },
  ],
];

const digest = (c: string): Digest => `sha256:${c.repeat(64)}` as Digest;
const record = (manifest: Digest, at: string, state: StoredIndex["state"] = "IndexFinished"): StoredIndex => ({
  manifest,
  state,
  error: state === "IndexError" ? "layer fetch failed" : null,
  indexState: "token",
  report: null,
  updatedAt: at,
});

for (const [name, spec] of backends) {
  test(`${name}: summaries list newest first, keep first seen across re-indexing, search and page`, async () => {
    const store: IndexStore = await openIndexStore(await spec());
    try {
      await store.save(record(digest("a"), "2026-01-01T00:00:00.000Z"));
      await store.save(record(digest("b"), "2026-01-02T00:00:00.000Z", "IndexError"));
      await store.save(record(digest("c"), "2026-01-03T00:00:00.000Z"));
      // Re-indexed later: it moves to the top and keeps when it was first seen.
      await store.save(record(digest("a"), "2026-02-01T00:00:00.000Z"));
      const all = await store.summaries("", 0, 10);
      assert.equal(all.total, 3);
      assert.deepEqual(
        all.rows.map((r) => r.manifest),
        [digest("a"), digest("c"), digest("b")],
      );
      const a = all.rows[0]!;
      assert.equal(new Date(a.firstSeen).toISOString(), "2026-01-01T00:00:00.000Z");
      assert.equal(new Date(a.updatedAt).toISOString(), "2026-02-01T00:00:00.000Z");
      assert.deepEqual([all.rows[2]!.state, all.rows[2]!.error], ["IndexError", "layer fetch failed"]);

      const page = await store.summaries("", 1, 1);
      assert.deepEqual([page.total, page.rows.map((r) => r.manifest)], [3, [digest("c")]]);
      // Case-insensitive substring of the digest; `%` and `_` are characters, not patterns.
      const found = await store.summaries("SHA256:CCC", 0, 10);
      assert.deepEqual([found.total, found.rows.map((r) => r.manifest)], [1, [digest("c")]]);
      assert.equal((await store.summaries("%", 0, 10)).total, 0);
      assert.equal((await store.summaries("_", 0, 10)).total, 0);
    } finally {
      await store.close();
    }
  });

  test(`${name}: recent notifications sum up their entries and their webhook, newest first`, async () => {
    const db = await spec();
    const store: NotifierStore = await openNotifierStore(db);
    try {
      const [first, second] = [randomUUID(), randomUUID()];
      const vuln = { name: "CVE-2026-0001" };
      await store.createNotification(
        first,
        randomUUID(),
        [
          { manifest: digest("a"), reason: "added", vulnerability: vuln },
          { manifest: digest("b"), reason: "added", vulnerability: vuln },
          { manifest: digest("a"), reason: "removed", vulnerability: vuln },
        ],
        "2026-01-01T00:00:00.000Z",
        { target: "http://127.0.0.1:9/hook", callback: `http://me/notifier/api/v1/notification/${first}`, format: "clair-v4" },
      );
      await store.createNotification(
        second,
        randomUUID(),
        [{ manifest: digest("c"), reason: "removed", vulnerability: vuln }],
        "2026-01-02T00:00:00.000Z",
        null,
      );
      await store.deferDelivery(first, "2026-01-01T00:05:00.000Z", "connection refused");
      const list = await store.recentNotifications(10);
      assert.deepEqual(
        list.map((n) => n.id),
        [second, first],
      );
      const [s, f] = list as [(typeof list)[0], (typeof list)[0]];
      assert.deepEqual([s.added, s.removed, s.manifests, s.delivery], [0, 1, 1, null]);
      assert.deepEqual([f.added, f.removed, f.manifests], [2, 1, 2]);
      assert.equal(new Date(f.createdAt).toISOString(), "2026-01-01T00:00:00.000Z");
      assert.deepEqual(f.delivery, { target: "http://127.0.0.1:9/hook", attempts: 0, deliveredAt: null, lastError: "connection refused" });
      assert.equal((await store.recentNotifications(1)).length, 1);
    } finally {
      await store.close();
    }
  });
}
