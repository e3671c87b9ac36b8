import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { isFatalError } from "../../core/problem.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import type { ServerDeps } from "../index-service.js";
import { openNotifier } from "./open-notifier.js";
import { callbackUrl } from "./webhook-delivery.js";

const dir = mkdtempSync(join(tmpdir(), "claro-open-notifier-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function deps(db: string): Promise<ServerDeps> {
  return { indexStore: await openIndexStore(db), advisoryStore: await openStore(db), scanners: registeredScanners(), matchers: registeredMatchers() };
}

test("webhooks: one per format, Clair v4 by default, each with its own callback route", async () => {
  const db = `sqlite:${join(dir, "a.db")}`;
  const d = await deps(db);
  const n = await openNotifier(d, {
    db,
    updatePeriod: 0,
    webhook: [
      { target: "http://hooks.example/v4", callbackBase: "http://claro.example:6060/" },
      { target: "http://hooks.example/v2", callbackBase: "http://claro.example:6060", format: "clair-v2" },
    ],
  });
  try {
    assert.deepEqual(
      n.options.webhooks.map((w) => [w.format, w.target]),
      [
        ["clair-v4", "http://hooks.example/v4"],
        ["clair-v2", "http://hooks.example/v2"],
      ],
    );
    assert.equal(callbackUrl(n.options.webhooks[0]!, "abc"), "http://claro.example:6060/notifier/api/v1/notification/abc");
    assert.equal(callbackUrl(n.options.webhooks[1]!, "abc"), "http://claro.example:6060/v1/notifications/abc");
  } finally {
    await Promise.all([n.store.close(), d.indexStore.close(), d.advisoryStore.close()]);
  }
});

test("webhooks: two for one format, or a non-http URL, are configuration errors", async () => {
  const db = `sqlite:${join(dir, "b.db")}`;
  const d = await deps(db);
  try {
    const twice = [
      { target: "http://a.example/", callbackBase: "http://me.example" },
      { target: "http://b.example/", callbackBase: "http://me.example", format: "clair-v4" as const },
    ];
    await assert.rejects(
      openNotifier(d, { db, webhook: twice }),
      (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID" && /two webhooks want the clair-v4 format/.test(e.message),
    );
    await assert.rejects(
      openNotifier(d, { db, webhook: { target: "ftp://a.example/", callbackBase: "http://me.example" } }),
      (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID" && /webhook\.target/.test(e.message),
    );
  } finally {
    await Promise.all([d.indexStore.close(), d.advisoryStore.close()]);
  }
});
