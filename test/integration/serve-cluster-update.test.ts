import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { claro } from "../support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../support/postgres.js";
import { ensureRegistry } from "../support/registry.js";
import { sharedPath } from "../support/shared.js";
import { clairManifest, postIndex, startServe, until, type ServeInstance } from "./serve-cluster-support.js";

// Issue 3 §5: an update run by one of two real `claro serve` processes reaches both, and its webhook arrives once.
const schema = uniqueSchema();
const tmp = mkdtempSync(join(tmpdir(), "claro-cluster-update-"));
const FULL = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const feed = join(tmp, "debian.json");
const received: { id: string; callback: string }[] = [];
let receiver: Server;
let db = "";
let registry = "";
const instances: ServeInstance[] = [];

type Report = { packages: Record<string, { name: string }>; package_vulnerabilities: Record<string, string[]> };
type Page = { notifications: { manifest: string; reason: string; vulnerability: { package: { name: string } } }[] };

/** Writes the feed the instances update from, atomically, so an update never reads half a file. */
function writeFeed(doc: unknown): void {
  writeFileSync(`${feed}.tmp`, JSON.stringify(doc));
  renameSync(`${feed}.tmp`, feed);
}

/** How many vulnerabilities of the openssl source's binaries an instance reports for the manifest. */
async function opensslFindings(s: ServeInstance, manifest: string): Promise<number> {
  const res = await fetch(`${s.base}/matcher/api/v1/vulnerability_report/${manifest}`);
  assert.equal(res.status, 201);
  const vr = (await res.json()) as Report;
  return Object.entries(vr.package_vulnerabilities)
    .filter(([pkg]) => ["openssl", "libssl3"].includes(vr.packages[pkg]?.name ?? ""))
    .reduce((n, [, ids]) => n + ids.length, 0);
}

before(async () => {
  registry = await ensureRegistry({ auth: "token" }, 5000);
  db = withSchema(await pgTestUrl(), schema);
  const full = JSON.parse(readFileSync(FULL, "utf8")) as Record<string, unknown>;
  delete full["openssl"];
  writeFeed(full);
  const update = await claro(["db", "update", "--db", db, "--only", "debian", "--source", `debian=${feed}`, "-q"]);
  assert.equal(update.code, 0, update.stderr);
  receiver = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const doc = JSON.parse(Buffer.concat(parts).toString("utf8")) as { notification_id: string; callback: string };
      received.push({ id: doc.notification_id, callback: doc.callback });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  const env = { CLARO_WEBHOOK_TARGET: hook, CLARO_WEBHOOK_CALLBACK_BASE: "http://claro.example:6060", CLARO_LOG_LEVEL: "warn" };
  instances.push(...(await Promise.all(["A", "B"].map((n) => startServe(n, db, env, ["--update-period", "2s", "--source", `debian=${feed}`])))));
});

after(async () => {
  for (const s of instances) if (s.child.exitCode === null) s.child.kill("SIGTERM");
  await Promise.all(instances.map((s) => s.exited));
  await new Promise((r) => receiver?.close(r));
  rmSync(tmp, { recursive: true, force: true });
  await dropSchema(schema);
});

test("an update seen by two instances: both serve the new matches, and the webhook brings its notification once", async () => {
  const [a, b] = instances as [ServeInstance, ServeInstance];
  const m = await clairManifest(registry, "test/debian-bookworm", "bookworm-multilayer");
  assert.equal((await postIndex(a.base, m)).status, 201);
  for (const s of instances) assert.equal(await opensslFindings(s, m.hash), 0, `${s.name}: no openssl advisories yet`);
  // Let the periodic cycles run on the current feed: nothing the manifest has changes, so nothing is sent.
  await sleep(3000);
  assert.equal(received.length, 0, "no webhook while nothing changes for the manifest");

  const changed = Date.now();
  writeFeed(JSON.parse(readFileSync(FULL, "utf8")));
  await until(
    "both instances to match the new advisories",
    async () => (await Promise.all(instances.map((s) => opensslFindings(s, m.hash)))).every((n) => n > 0),
    60_000,
  );
  console.log(`# feed changed to new matches on both: ${Date.now() - changed} ms`);
  await until("the webhook", async () => received.length > 0, 30_000);
  console.log(`# feed changed to webhook received: ${Date.now() - changed} ms`);
  // Two more delivery rounds of both instances: a second delivery would show up by now.
  await sleep(5000);
  const ids = new Set(received.map((r) => r.id));
  assert.equal(ids.size, 1, JSON.stringify(received));
  console.log(`# webhook requests: ${received.length} for ${ids.size} notification`);
  assert.equal(received.length, 1, "delivered once, not once per instance");
  const [id] = ids;
  assert.equal(received[0]!.callback, `http://claro.example:6060/notifier/api/v1/notification/${id}`);
  for (const s of [a, b]) {
    const page = (await (await fetch(`${s.base}/notifier/api/v1/notification/${id}?page_size=100`)).json()) as Page;
    assert.deepEqual(
      page.notifications.map((n) => [n.manifest, n.reason]),
      [[m.hash, "added"]],
      `${s.name} serves the notification`,
    );
    assert.ok(["openssl", "libssl3"].includes(page.notifications[0]!.vulnerability.package.name));
  }
});
