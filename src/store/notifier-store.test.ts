import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { Advisory } from "../core/advisory.js";
import type { NotifierStore } from "../contracts/notifier-store.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { openNotifierStore } from "./open-notifier-store.js";
import { openV2LayerStore } from "./open-side-stores.js";

const advisory = (id: string): Advisory => ({
  id,
  aliases: [],
  namespace: "debian:12",
  packageName: "openssl",
  packageKind: "source",
  versionScheme: "dpkg",
  status: "fixed",
  fixedVersion: "3.0.15-1~deb12u1",
  introducedVersion: null,
  severity: "high",
  vendorSeverity: null,
  cvss: [],
  description: null,
  links: [],
  updater: "debian",
});
const op = (updater: string, date: string) => ({ ref: randomUUID(), updater, fingerprint: `fp-${date}`, date, kind: "vulnerability" as const });

function suite(name: string, open: () => Promise<NotifierStore>, db: () => Promise<string>): void {
  describe(name, () => {
    test("operations: newest first per updater, diffs between refs, delete", async () => {
      const s = await open();
      try {
        const a = op("debian", "2024-01-01T00:00:00.000Z");
        const b = op("debian", "2024-01-02T00:00:00.000Z");
        const c = op("alpine/v3.9/main", "2024-01-03T00:00:00.000Z");
        await s.recordOperation({ operation: a, added: [advisory("CVE-1")], removed: [] });
        await s.recordOperation({ operation: b, added: [advisory("CVE-2")], removed: [advisory("CVE-1")] });
        await s.recordOperation({ operation: c, added: [], removed: [] });
        const ops = await s.operations();
        assert.deepEqual(
          ops.get("debian")?.map((o) => o.ref),
          [b.ref, a.ref],
        );
        assert.deepEqual(ops.get("debian")?.[0], b);
        assert.equal(ops.get("alpine/v3.9/main")?.length, 1);
        assert.deepEqual(
          (await s.operationDiff(b.ref))?.removed.map((x) => x.id),
          ["CVE-1"],
        );
        assert.deepEqual(
          (await s.operationsBetween("debian", null, b.ref)).map((d) => d.operation.ref),
          [a.ref, b.ref],
        );
        assert.deepEqual(
          (await s.operationsBetween("debian", a.ref, b.ref)).map((d) => d.operation.ref),
          [b.ref],
        );
        assert.equal(await s.operationDiff(randomUUID()), null);
        assert.equal(await s.deleteOperation(a.ref), true);
        assert.equal(await s.deleteOperation(a.ref), false);
        assert.deepEqual(
          (await s.operations()).get("debian")?.map((o) => o.ref),
          [b.ref],
        );
      } finally {
        await s.close();
      }
    });

    test("notifications page by seq; deliveries are claimed once, deferred, then done", async () => {
      const s = await open();
      try {
        const id = randomUUID();
        const entries = ["CVE-1", "CVE-2", "CVE-3"].map((v) => ({ manifest: "sha256:aa", reason: "added" as const, vulnerability: { name: v } }));
        await s.createNotification(id, randomUUID(), entries, "2024-01-01T00:00:00.000Z", {
          target: "http://x/hook",
          callback: `http://me/notifier/api/v1/notification/${id}`,
          format: "clair-v4",
        });
        const first = await s.notificationPage(id, 0, 2);
        assert.deepEqual(
          first?.map((n) => n.vulnerability["name"]),
          ["CVE-1", "CVE-2"],
        );
        const rest = await s.notificationPage(id, first![1]!.seq, 2);
        assert.deepEqual(
          rest?.map((n) => n.vulnerability["name"]),
          ["CVE-3"],
        );
        assert.deepEqual(await s.notificationPage(id, rest![0]!.seq, 2), []);
        assert.equal(await s.notificationPage(randomUUID(), 0, 2), null);

        const now = "2024-01-01T00:00:01.000Z";
        const lease = "2024-01-01T00:01:00.000Z";
        const [one, two] = await Promise.all([s.claimDeliveries(now, lease, 10), s.claimDeliveries(now, lease, 10)]);
        assert.equal(one.length + two.length, 1, "claimed exactly once");
        assert.equal([...one, ...two][0]?.attempts, 1);
        assert.equal([...one, ...two][0]?.format, "clair-v4");
        assert.deepEqual(await s.claimDeliveries(now, lease, 10), [], "leased, so not due");
        await s.deferDelivery(id, "2024-01-01T00:00:02.000Z", "HTTP 500");
        assert.equal((await s.delivery(id))?.lastError, "HTTP 500");
        const again = await s.claimDeliveries("2024-01-01T00:00:03.000Z", lease, 10);
        assert.equal(again[0]?.attempts, 2);
        await s.markDelivered(id, "2024-01-01T00:00:04.000Z");
        assert.equal((await s.delivery(id))?.deliveredAt, "2024-01-01T00:00:04.000Z");
        assert.deepEqual(await s.claimDeliveries("2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z", 10), []);

        assert.equal(await s.deleteNotification(id), true);
        assert.equal(await s.notificationPage(id, 0, 2), null);
        assert.equal(await s.delivery(id), null);
      } finally {
        await s.close();
      }
    });

    test("clair v2 notifications: stored with both sides, notified on delivery, soft-deleted once, delivery dropped", async () => {
      const s = await open();
      try {
        const [a, b] = [randomUUID(), randomUUID()];
        const vuln = {
          Name: "CVE-1",
          NamespaceName: "debian:12",
          Severity: "High",
          FixedIn: [{ Name: "openssl", NamespaceName: "debian:12", VersionFormat: "dpkg", Version: "3.0.15-1" }],
        };
        const at = "2024-02-01T00:00:00.000Z";
        const hook = (name: string) => ({ target: "http://x/v2hook", callback: `http://me/v1/notifications/${name}`, format: "clair-v2" as const });
        await s.createV2Notifications(
          [
            { name: a, updateRef: randomUUID(), old: null, new: { vulnerability: vuln, layers: ["l1", "l2"] }, delivery: hook(a) },
            {
              name: b,
              updateRef: randomUUID(),
              old: { vulnerability: vuln, layers: ["l1"] },
              new: { vulnerability: { ...vuln, Severity: "Low" }, layers: [] },
              delivery: hook(b),
            },
          ],
          at,
        );
        const got = await s.v2Notification(a);
        assert.deepEqual(got, {
          name: a,
          updateRef: got?.updateRef,
          old: null,
          new: { vulnerability: vuln, layers: ["l1", "l2"] },
          created: at,
          notified: null,
          deleted: null,
        });
        assert.deepEqual((await s.v2Notification(b))?.old?.layers, ["l1"]);
        assert.equal(await s.v2Notification(randomUUID()), null);
        const claimed = await s.claimDeliveries("2024-02-01T00:00:01.000Z", "2024-02-01T00:01:00.000Z", 10);
        assert.deepEqual(
          claimed.map((d) => [d.notificationId, d.format]).sort(),
          [
            [a, "clair-v2"],
            [b, "clair-v2"],
          ].sort(),
        );
        await s.markDelivered(a, "2024-02-01T00:00:02.000Z");
        assert.equal((await s.v2Notification(a))?.notified, "2024-02-01T00:00:02.000Z");
        assert.equal(await s.deleteV2Notification(b, "2024-02-01T00:00:03.000Z"), true);
        assert.equal(await s.deleteV2Notification(b, "2024-02-01T00:00:04.000Z"), false, "a second delete is unknown, as in Clair v2");
        assert.equal((await s.v2Notification(b))?.deleted, "2024-02-01T00:00:03.000Z");
        assert.equal(await s.delivery(b), null, "the pending delivery of a read notification is dropped");
        assert.equal(await s.deleteV2Notification(a, "2024-02-01T00:00:05.000Z"), true);
        assert.ok((await s.delivery(a))?.deliveredAt, "a delivered one keeps its record");
        // The notifier reads the v2 layers table (written by the v2 layer store) to find layers by namespace, oldest first.
        const layers = openV2LayerStore(await db());
        try {
          const layer = (name: string, namespace: string, parentName: string | null) => ({
            name,
            parentName,
            path: "http://r/x",
            namespace,
            format: "Docker",
            indexedByVersion: 3,
            extract: Buffer.from([1]),
            error: null,
          });
          await layers.put(layer("base", "debian:12", null));
          await new Promise((r) => setTimeout(r, 5));
          await layers.put(layer("alpine-base", "alpine:v3.9", null));
          await new Promise((r) => setTimeout(r, 5));
          await layers.put(layer("app", "debian:12", "base"));
          assert.deepEqual(await s.v2LayerNames(["debian:12"]), ["base", "app"]);
          assert.deepEqual(await s.v2LayerNames(["alpine:v3.9", "debian:12"]), ["base", "alpine-base", "app"]);
          assert.deepEqual(await s.v2LayerNames(["ubuntu:22.04"]), []);
          assert.deepEqual(await s.v2LayerNames([]), []);
          await layers.delete("base");
          await layers.delete("alpine-base");
        } finally {
          await layers.close();
        }
      } finally {
        await s.close();
      }
    });

    test("the update lock admits one holder at a time", async () => {
      const [s1, s2] = [await open(), await open()];
      try {
        let release: () => void = () => undefined;
        let entered: () => void = () => undefined;
        const inside = new Promise<void>((r) => (entered = r));
        // The first holder is known to hold the lock once its work runs, however slow the
        // machine is to connect (a fixed wait was not enough at load average 11).
        const held = s1.withUpdateLock(() => {
          entered();
          return new Promise<string>((r) => (release = () => r("first")));
        });
        await inside;
        assert.equal(await s2.withUpdateLock(async () => "second"), null);
        release();
        assert.deepEqual(await held, { value: "first" });
        assert.deepEqual(await s2.withUpdateLock(async () => "second"), { value: "second" });
      } finally {
        await Promise.all([s1.close(), s2.close()]);
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "claro-notifier-"));
const schema = uniqueSchema();
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});
const sqlite = async (): Promise<string> => `sqlite:${join(dir, "claro.db")}`;
const postgres = async (): Promise<string> => withSchema(await pgTestUrl(), schema);
suite("sqlite", async () => openNotifierStore(await sqlite()), sqlite);
suite("postgres", async () => openNotifierStore(await postgres()), postgres);
