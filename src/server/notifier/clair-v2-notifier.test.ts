import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { analyseWithClair, fetchKlarImage, klarLayerNames, type ClairV2Feature, type KlarImage } from "../../cli/klar-client.js";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { ecosystems } from "../../ecosystems/index.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openNotifierStore } from "../../store/open-notifier-store.js";
import { openStore } from "../../store/open-store.js";
import { openV2LayerStore } from "../../store/open-side-stores.js";
import { createFeedClient } from "../../updater/index.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";
import { Notifier } from "./notifier.js";
import { DEFAULT_WEBHOOK } from "./webhook-delivery.js";

type Feed = Record<string, Record<string, { releases: { bookworm: { fixed_version: string; urgency: string } } }>>;
type Side = {
  Vulnerability: {
    Name: string;
    NamespaceName: string;
    Severity: string;
    FixedIn: { Name: string; NamespaceName: string; VersionFormat: string; Version: string }[];
  } & Record<string, unknown>;
  OrderedLayersIntroducingVulnerability?: { Index: number; LayerName: string }[];
  LayersIntroducingVulnerability?: string[];
};
type V2Notification = {
  Name: string;
  Created: string;
  Notified?: string;
  Deleted?: string;
  Limit?: number;
  Page: string;
  NextPage?: string;
  Old?: Side;
  New?: Side;
};

const FULL = JSON.parse(readFileSync(sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json"), "utf8")) as Feed;
const schema = uniqueSchema();
const tmp = mkdtempSync(join(tmpdir(), "claro-notify-v2-"));
const feedPath = join(tmp, "debian.json");
const klarOpts = { os: "linux", arch: "amd64", timeoutMs: 60_000, dockerConfig: false } as const;
let url = "";
let registry = "";
let receiver: Server;
let hook = "";
/** Every webhook POST: path, content type, body, and the status answered (scripted per path, then 200). */
const received: { path: string; type: string; body: unknown; status: number }[] = [];
const script: Record<string, number[]> = {};
const instances: { app: FastifyInstance; deps: ServerDeps; notifier: Notifier; base: string }[] = [];

const writeFeed = (feed: Feed): void => writeFileSync(feedPath, JSON.stringify(feed));
const withoutOpenssl = (feed: Feed): Feed => Object.fromEntries(Object.entries(feed).filter(([source]) => source !== "openssl"));

async function instance(): Promise<{ app: FastifyInstance; deps: ServerDeps; notifier: Notifier; base: string }> {
  const deps: ServerDeps = {
    indexStore: await openIndexStore(url),
    advisoryStore: await openStore(url),
    v2Layers: openV2LayerStore(url),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  const timing = { backoffMs: 100, maxBackoffMs: 1000, timeoutMs: 2000 };
  const notifier = new Notifier(deps, {
    store: await openNotifierStore(url),
    plans: [{ ecosystem: "debian", factory: ecosystems.debian.updaters, source: { kind: "file", path: feedPath } }],
    feedClient: createFeedClient({}),
    updatePeriodMs: 0,
    webhooks: [
      { ...DEFAULT_WEBHOOK, ...timing, format: "clair-v2", target: `http://${hook}/v2hook`, callbackBase: "http://claro.example:6060" },
      { ...DEFAULT_WEBHOOK, ...timing, format: "clair-v4", target: `http://${hook}/v4hook`, callbackBase: "http://claro.example:6060" },
    ],
    deliveryIntervalMs: 50,
  });
  const app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, notifier });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  const made = { app, deps, notifier, base };
  instances.push(made);
  return made;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const v2Names = (): string[] =>
  received.filter((r) => r.path === "/v2hook" && r.status === 200).map((r) => (r.body as { Notification: { Name: string } }).Notification.Name);
const getJson = async <T>(u: string, init?: RequestInit): Promise<{ status: number; body: T; type: string | null }> => {
  const res = await fetch(u, init);
  const text = await res.text();
  return { status: res.status, body: (text === "" ? null : JSON.parse(text)) as T, type: res.headers.get("content-type") };
};

before(async () => {
  registry = await ensureRegistry({ auth: "token" }, 5000);
  url = withSchema(await pgTestUrl(), schema);
  receiver = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      const status = script[path]?.shift() ?? 200;
      received.push({ path, type: req.headers["content-type"] ?? "", body: JSON.parse(Buffer.concat(parts).toString("utf8")), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const a = receiver.address();
  hook = typeof a === "object" && a !== null ? `127.0.0.1:${a.port}` : "";
});

after(async () => {
  for (const i of instances) {
    await i.app.close();
    await Promise.all([i.deps.indexStore.close(), i.deps.advisoryStore.close(), i.deps.v2Layers?.close(), i.notifier.store.close()]);
  }
  await new Promise((r) => receiver.close(r));
  rmSync(tmp, { recursive: true, force: true });
  await dropSchema(schema);
});

test("Clair v2 notifications for Klar-posted layers: added, changed and removed vulnerabilities, paged, delivered once, marked read", async () => {
  writeFeed(withoutOpenssl(FULL));
  const a = await instance();
  const first = await a.notifier.runUpdateCycle();
  assert.deepEqual(first?.v2Notifications, [], "no v2 layer stored yet");

  // Klar's protocol, step by step: layers posted base to top, then the final GET with ?vulnerabilities.
  const multi: KlarImage = await fetchKlarImage(`${registry}/test/debian-bookworm:bookworm-multilayer`, klarOpts);
  const minbase: KlarImage = await fetchKlarImage(`${registry}/test/debian-bookworm:bookworm-minbase`, klarOpts);
  await analyseWithClair(a.base, multi, 120_000);
  const baseFeatures: ClairV2Feature[] = await analyseWithClair(a.base, minbase, 120_000);
  const [multiNames, minNames] = [klarLayerNames(multi), klarLayerNames(minbase)];

  // openssl comes back: each of its CVEs that the image has is a New notification naming the layer that installed openssl.
  writeFeed(FULL);
  const started = performance.now();
  const added = await a.notifier.runUpdateCycle();
  console.log(
    `# update cycle with ${multiNames.length + minNames.length} stored v2 layers: ${Math.round(performance.now() - started)} ms, ${added?.v2Notifications.length} v2 notifications`,
  );
  const top = await getJson<{ Layer: { Features: ClairV2Feature[] } }>(`${a.base}/v1/layers/${multiNames[4]}?vulnerabilities`);
  const openssl = top.body.Layer.Features.filter((f) => f.Name === "openssl" || f.Name === "libssl3");
  const wantCves = new Set(openssl.flatMap((f) => (f.Vulnerabilities ?? []).map((v) => v.Name)));
  const installer = openssl[0]?.AddedBy ?? "";
  assert.ok(wantCves.size > 0 && multiNames.indexOf(installer) > 0, `openssl CVEs ${wantCves.size}, added by layer ${multiNames.indexOf(installer)}`);
  assert.equal(added?.v2Notifications.length, wantCves.size);
  await until("every v2 webhook", () => added!.v2Notifications.every((n) => v2Names().includes(n)));
  const hooks = received.filter((r) => r.path === "/v2hook");
  assert.ok(hooks.every((r) => r.type === "application/json" && Object.keys(r.body as object).join() === "Notification"));
  const seen = new Set<string>();
  for (const name of added!.v2Notifications) {
    const { status, body, type } = await getJson<{ Notification: V2Notification }>(`${a.base}/v1/notifications/${name}?limit=10`);
    assert.equal(status, 200);
    assert.equal(type, "application/json;charset=utf-8");
    const n = body.Notification;
    assert.deepEqual(Object.keys(n).sort(), ["Created", "Limit", "Name", "New", "Notified", "Page"].sort());
    assert.equal(n.Name, name);
    assert.match(n.Created, /^\d{10}$/);
    assert.match(n.Notified ?? "", /^\d{10}$/, "delivered, so notified");
    assert.equal(n.Limit, 10);
    const v = n.New!.Vulnerability;
    seen.add(v.Name);
    assert.equal(v.NamespaceName, "debian:12");
    const record = FULL["openssl"]![v.Name]!.releases.bookworm;
    assert.deepEqual(v.FixedIn, [{ Name: "openssl", NamespaceName: "debian:12", VersionFormat: "dpkg", Version: record.fixed_version }]);
    assert.equal(v.Severity, record.urgency.charAt(0).toUpperCase() + record.urgency.slice(1));
    assert.deepEqual(n.New!.LayersIntroducingVulnerability, [installer]);
    assert.deepEqual(n.New!.OrderedLayersIntroducingVulnerability, [{ Index: 0, LayerName: installer }]);
  }
  assert.deepEqual(seen, wantCves);
  assert.equal(received.filter((r) => r.path === "/v4hook").length, 0, "no manifest was indexed through Clair v4, so no v4 notification");

  // A perl fix version changes: one notification with Old and New, each naming the two base layers (multilayer's and minbase's).
  const perlCve =
    (baseFeatures.find((f) => f.Name === "perl-base")?.Vulnerabilities ?? []).map((x) => x.Name).find((c) => FULL["perl"]?.[c] !== undefined) ?? "";
  assert.ok(perlCve !== "", "minbase has a perl vulnerability");
  const oldFix = FULL["perl"]![perlCve]!.releases.bookworm.fixed_version;
  const changed = structuredClone(FULL);
  changed["perl"]![perlCve]!.releases.bookworm.fixed_version = `${oldFix}+claro1`;
  writeFeed(changed);
  const b = await instance();
  script["/v2hook"] = [503];
  const [ra, rb] = await Promise.all([a.notifier.runUpdateCycle(), b.notifier.runUpdateCycle()]);
  const made = [...(ra?.v2Notifications ?? []), ...(rb?.v2Notifications ?? [])];
  assert.equal(made.length, 1, "one instance updated and made the one notification");
  const perlName = made[0]!;
  await Promise.all([a.notifier.deliver(), b.notifier.deliver(), a.notifier.deliver(), b.notifier.deliver()]);
  await until("the perl webhook after a 503", () => v2Names().includes(perlName));
  await new Promise((r) => setTimeout(r, 400));
  const perlHooks = received.filter((r) => r.path === "/v2hook" && (r.body as { Notification: { Name: string } }).Notification.Name === perlName);
  assert.deepEqual(
    perlHooks.map((r) => r.status),
    [503, 200],
    "retried after the failure, then exactly once across two instances",
  );

  const layers = [multiNames[0]!, minNames[0]!];
  const p1 = await getJson<{ Notification: V2Notification }>(`${b.base}/v1/notifications/${perlName}?limit=1`);
  const n1 = p1.body.Notification;
  assert.deepEqual(n1.Old?.Vulnerability.FixedIn, [{ Name: "perl", NamespaceName: "debian:12", VersionFormat: "dpkg", Version: oldFix }]);
  assert.deepEqual(n1.New?.Vulnerability.FixedIn, [{ Name: "perl", NamespaceName: "debian:12", VersionFormat: "dpkg", Version: `${oldFix}+claro1` }]);
  assert.deepEqual([n1.Old?.LayersIntroducingVulnerability, n1.New?.LayersIntroducingVulnerability], [[layers[0]], [layers[0]]]);
  assert.ok(n1.NextPage, "a second page");
  const p2 = await getJson<{ Notification: V2Notification }>(`${b.base}/v1/notifications/${perlName}?limit=1&page=${n1.NextPage}`);
  const n2 = p2.body.Notification;
  assert.equal(n2.Page, n1.NextPage);
  assert.equal(n2.NextPage, undefined, "last page");
  assert.deepEqual(n2.Old?.OrderedLayersIntroducingVulnerability, [{ Index: 1, LayerName: layers[1] }]);
  assert.deepEqual(n2.New?.OrderedLayersIntroducingVulnerability, [{ Index: 1, LayerName: layers[1] }]);
  assert.deepEqual({ ...n2.Old!.Vulnerability }, { ...n1.Old!.Vulnerability }, "the vulnerability repeats on every page");

  // Clair v2's error envelope for bad requests; DELETE marks read once, the notification stays readable with Deleted.
  const noLimit = await getJson<unknown>(`${a.base}/v1/notifications/${perlName}`);
  assert.deepEqual([noLimit.status, noLimit.body], [400, { Error: { Message: "must provide limit query parameter" } }]);
  assert.deepEqual((await getJson<unknown>(`${a.base}/v1/notifications/${perlName}?limit=-1`)).body, {
    Error: { Message: "limit value should not be less than zero" },
  });
  assert.deepEqual((await getJson<unknown>(`${a.base}/v1/notifications/${perlName}?limit=1&page=bogus`)).status, 400);
  const unknown = await getJson<unknown>(`${a.base}/v1/notifications/00000000-0000-4000-8000-000000000000?limit=1`);
  assert.deepEqual([unknown.status, unknown.body], [404, { Error: { Message: "the resource cannot be found" } }]);
  assert.equal((await fetch(`${a.base}/v1/notifications/${perlName}`, { method: "DELETE" })).status, 200);
  assert.equal((await fetch(`${a.base}/v1/notifications/${perlName}`, { method: "DELETE" })).status, 404);
  assert.match((await getJson<{ Notification: V2Notification }>(`${a.base}/v1/notifications/${perlName}?limit=1`)).body.Notification.Deleted ?? "", /^\d{10}$/);

  // openssl leaves the feed again (perl stays changed): Old-only notifications, same layer, no New.
  writeFeed(withoutOpenssl(changed));
  const removed = await b.notifier.runUpdateCycle();
  assert.equal(removed?.v2Notifications.length, wantCves.size);
  const gone = await getJson<{ Notification: V2Notification }>(`${b.base}/v1/notifications/${removed!.v2Notifications[0]}?limit=5`);
  assert.equal(gone.body.Notification.New, undefined);
  assert.deepEqual(gone.body.Notification.Old?.LayersIntroducingVulnerability, [installer]);
  assert.ok(wantCves.has(gone.body.Notification.Old!.Vulnerability.Name));
  await until("the removals delivered", () => removed!.v2Notifications.every((n) => v2Names().includes(n)));
  const counts = new Map<string, number>();
  for (const n of v2Names()) counts.set(n, (counts.get(n) ?? 0) + 1);
  assert.ok(
    [...counts.values()].every((c) => c === 1),
    "every v2 notification delivered exactly once",
  );
});
