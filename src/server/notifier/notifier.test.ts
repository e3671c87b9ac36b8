import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { ecosystems } from "../../ecosystems/index.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openNotifierStore } from "../../store/open-notifier-store.js";
import { openStore } from "../../store/open-store.js";
import { createFeedClient } from "../../updater/index.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";
import { Notifier } from "./notifier.js";
import { DEFAULT_WEBHOOK } from "./webhook-delivery.js";

const ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json";
const schema = uniqueSchema();
const tmp = mkdtempSync(join(tmpdir(), "claro-notify-"));
const FULL = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
let url = "";
let registry = "";
let proxy: Server;
let proxyHost = "";
let blobRequests = 0;
const received: { id: string; callback: string; type: string; status: number }[] = [];
/** What the receiver answers next; shifted per request, then 200. */
const script: number[] = [];
let receiver: Server;
let hook = "";
const instances: { app: FastifyInstance; deps: ServerDeps; notifier: Notifier }[] = [];

const listen = async (s: Server): Promise<string> => {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const a = s.address();
  return typeof a === "object" && a !== null ? `127.0.0.1:${a.port}` : "";
};
const body = async (req: IncomingMessage): Promise<string> => {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
};

/** A server instance on the shared PostgreSQL schema, updating debian from `feed`. */
async function instance(feed: string): Promise<{ app: FastifyInstance; deps: ServerDeps; notifier: Notifier; base: string }> {
  const deps: ServerDeps = {
    indexStore: await openIndexStore(url),
    advisoryStore: await openStore(url),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  const notifier = new Notifier(deps, {
    store: await openNotifierStore(url),
    plans: [{ ecosystem: "debian", factory: ecosystems.debian.updaters, source: { kind: "file", path: feed } }],
    feedClient: createFeedClient({}),
    updatePeriodMs: 0,
    webhooks: [{ ...DEFAULT_WEBHOOK, target: `http://${hook}/hook`, callbackBase: "http://claro.example:6060", backoffMs: 150, timeoutMs: 2000 }],
    deliveryIntervalMs: 50,
  });
  const app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, notifier });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  instances.push({ app, deps, notifier });
  return { app, deps, notifier, base };
}

async function shutdown(i: { app: FastifyInstance; deps: ServerDeps; notifier: Notifier }): Promise<void> {
  const at = instances.indexOf(i);
  if (at < 0) return;
  instances.splice(at, 1);
  await i.app.close();
  await Promise.all([i.deps.indexStore.close(), i.deps.advisoryStore.close(), i.notifier.store.close()]);
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  registry = await ensureRegistry({ auth: "none" }, 5020);
  url = withSchema(await pgTestUrl(), schema);
  // Counts the layer fetches the server makes, so "no re-indexing" is observed, not assumed.
  proxy = createServer((req, res) => {
    if (/\/blobs\//.test(req.url ?? "")) blobRequests++;
    const [host, port] = registry.split(":");
    const up = request({ host, port: Number(port), path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  proxyHost = await listen(proxy);
  receiver = createServer((req, res) => {
    void body(req).then((text) => {
      const status = script.shift() ?? 200;
      const doc = JSON.parse(text) as { notification_id: string; callback: string };
      received.push({ id: doc.notification_id, callback: doc.callback, type: req.headers["content-type"] ?? "", status });
      res.writeHead(status).end();
    });
  });
  hook = await listen(receiver);
});

after(async () => {
  for (const i of [...instances]) await shutdown(i);
  await new Promise((r) => proxy.close(r));
  await new Promise((r) => receiver.close(r));
  rmSync(tmp, { recursive: true, force: true });
  await dropSchema(schema);
});

async function clairManifest(repo: string, ref: string): Promise<{ hash: string; layers: { hash: string; uri: string; media_type: string }[] }> {
  const res = await fetch(`http://${registry}/v2/${repo}/manifests/${ref}`, { headers: { accept: ACCEPT } });
  const doc = (await res.json()) as { layers: { digest: string }[] };
  return {
    hash: res.headers.get("docker-content-digest") ?? "",
    layers: doc.layers.map((l) => ({
      hash: l.digest,
      uri: `http://${proxyHost}/v2/${repo}/blobs/${l.digest}`,
      media_type: "application/vnd.oci.image.layer.v1.tar+gzip",
    })),
  };
}

type Summary = { name: string; normalized_severity: string; fixed_in_version: string; package: { name: string; version: string } } & Record<string, unknown>;
type Page = { page: { size: number; next?: string }; notifications: { id: string; manifest: string; reason: string; vulnerability: Summary }[] };
type Report = {
  packages: Record<string, { name: string; version: string }>;
  vulnerabilities: Record<
    string,
    {
      id: string;
      name: string;
      description: string;
      links: string;
      severity: string;
      normalized_severity: string;
      fixed_in_version: string;
      package: { name: string };
    }
  >;
  package_vulnerabilities: Record<string, string[]>;
};
const RANK = ["Unknown", "Negligible", "Low", "Medium", "High", "Critical"];

/** The summary Clair v4 sends for a manifest, derived independently from its vulnerability report: a worst-severity vulnerability of an installed package. */
async function candidates(base: string, manifest: string): Promise<{ worst: string; keys: Set<string> }> {
  const vr = (await (await fetch(`${base}/matcher/api/v1/vulnerability_report/${manifest}`)).json()) as Report;
  const rows: { key: string; sev: string }[] = [];
  for (const [pkgId, ids] of Object.entries(vr.package_vulnerabilities)) {
    const pkg = vr.packages[pkgId]!;
    for (const id of ids) {
      const v = vr.vulnerabilities[id]!;
      rows.push({
        key: JSON.stringify([v.name, pkg.name, pkg.version, v.fixed_in_version, v.normalized_severity, v.description, v.links]),
        sev: v.normalized_severity,
      });
    }
  }
  const worst = RANK[Math.max(...rows.map((r) => RANK.indexOf(r.sev)))]!;
  return { worst, keys: new Set(rows.filter((r) => r.sev === worst).map((r) => r.key)) };
}
const summaryKey = (v: Summary): string =>
  JSON.stringify([v.name, v.package.name, v.package.version, v.fixed_in_version, v.normalized_severity, v["description"], v["links"]]);

test("an updater's first load notifies nothing (as Clair); the next update notifies each indexed manifest it affects once, with its most severe vulnerability, without fetching a layer, by webhook retried until 2xx", async () => {
  // The first load is one low-urgency record of the real feed; the full feed follows.
  const feed = join(tmp, "feed.json");
  const fullDoc = JSON.parse(readFileSync(FULL, "utf8")) as Record<string, Record<string, { releases: Record<string, { urgency?: string }> }>>;
  const [seedSource, seedCve] = Object.entries(fullDoc).flatMap(([src, cves]) =>
    Object.entries(cves)
      .filter(([, v]) => v.releases["bookworm"]?.urgency === "low")
      .map(([cve]) => [src, cve] as const),
  )[0]!;
  writeFileSync(feed, JSON.stringify({ [seedSource]: { [seedCve]: fullDoc[seedSource]![seedCve] } }));
  const a = await instance(feed);
  const manifests = [await clairManifest("test/debian-bookworm", "bookworm-multilayer"), await clairManifest("test/debian-bookworm", "bookworm-minbase")];
  for (const manifest of manifests) {
    const indexed = await fetch(`${a.base}/indexer/api/v1/index_report`, {
      method: "POST",
      headers: { "content-type": "application/vnd.clair.manifest.v1+json" },
      body: JSON.stringify(manifest),
    });
    assert.equal(indexed.status, 201, await indexed.clone().text());
  }
  const fetched = blobRequests;
  assert.ok(fetched >= 1, `layers fetched through the proxy: ${fetched}`);
  assert.equal(await a.deps.advisoryStore.countAdvisories(), 0, "no debian data before the update");

  const firstLoad = await a.notifier.runUpdateCycle();
  assert.equal(firstLoad?.results.find((r) => r.updater === "debian")?.status, "changed");
  assert.deepEqual([firstLoad?.notifications, firstLoad?.v2Notifications], [[], []], "the first load notifies nothing");
  const seeded = await a.deps.advisoryStore.countAdvisories();
  assert.ok(seeded > 0, "the first load was stored");

  writeFileSync(feed, readFileSync(FULL));
  script.push(500, 500);
  const cycle = await a.notifier.runUpdateCycle();
  assert.ok(cycle !== null);
  assert.equal(cycle.results.find((r) => r.updater === "debian")?.status, "changed");
  assert.equal(cycle.notifications.length, 1);
  assert.equal(cycle.notifications[0]!.count, 2, "one summary per affected manifest and reason");
  const id = cycle.notifications[0]!.id;
  assert.equal(blobRequests, fetched, "no layer was fetched again to find the affected manifests");

  const ops = (await (await fetch(`${a.base}/matcher/api/v1/internal/update_operation`)).json()) as Record<
    string,
    { ref: string; updater: string; kind: string; fingerprint: string }[]
  >;
  assert.equal(ops["debian"]?.length, 2, "the first load is an update operation too");
  assert.equal(ops["debian"]![0]!.kind, "vulnerability");
  const diffRes = await fetch(`${a.base}/matcher/api/v1/internal/update_diff?cur=${ops["debian"]![0]!.ref}`);
  assert.match(diffRes.headers.get("content-type") ?? "", /^application\/vnd\.clair\.update_diff\.v1\+json/);
  const diff = (await diffRes.json()) as {
    prev: { ref: string } | null;
    cur: { ref: string };
    added: { id: string; name: string; package: { name: string } }[];
    removed: unknown[];
  };
  assert.equal(diff.prev?.ref, ops["debian"]![1]!.ref, "without prev, the diff is against the operation before");
  assert.equal(diff.added.length, (await a.deps.advisoryStore.countAdvisories()) - seeded);
  assert.equal(new Set(diff.added.map((v) => v.id)).size, diff.added.length, "update_diff ids are distinct");
  assert.ok(diff.added.some((v) => v.package.name === "openssl") && diff.added.some((v) => v.package.name === "expat"));
  assert.deepEqual(diff.removed, []);

  const pageRes = await fetch(`${a.base}/notifier/api/v1/notification/${id}?page_size=1000`);
  assert.equal(pageRes.status, 200);
  assert.match(pageRes.headers.get("content-type") ?? "", /^application\/vnd\.clair\.notification_page\.v1\+json/);
  const page = (await pageRes.json()) as Page;
  assert.deepEqual(page.page, { size: 1000 });
  assert.deepEqual(page.notifications.map((n) => n.manifest).sort(), manifests.map((m) => m.hash).sort());
  for (const n of page.notifications) {
    assert.equal(n.reason, "added");
    assert.match(n.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The Clair v4 summary shape, exactly.
    assert.deepEqual(Object.keys(n.vulnerability).sort(), [
      "description",
      "distribution",
      "fixed_in_version",
      "links",
      "name",
      "normalized_severity",
      "package",
      "severity",
    ]);
    assert.deepEqual(n.vulnerability["distribution"], {
      id: "",
      did: "debian",
      name: "Debian",
      version: "12",
      version_code_name: "bookworm",
      version_id: "12",
      arch: "",
      cpe: "",
      pretty_name: "Debian GNU/Linux 12 (bookworm)",
    });
    // The summary is a worst-severity vulnerability of that manifest's own report.
    const want = await candidates(a.base, n.manifest);
    assert.equal(n.vulnerability.normalized_severity, want.worst);
    assert.ok(want.keys.has(summaryKey(n.vulnerability)), `${summaryKey(n.vulnerability)} is not among the worst of ${n.manifest}`);
  }

  const first = (await (await fetch(`${a.base}/notifier/api/v1/notification/${id}?page_size=1`)).json()) as Page;
  assert.equal(first.notifications.length, 1);
  assert.ok(first.page.next);
  const second = (await (await fetch(`${a.base}/notifier/api/v1/notification/${id}?page_size=1&next=${first.page.next}`)).json()) as Page;
  assert.deepEqual(second.page, { size: 1 });
  assert.deepEqual([...first.notifications, ...second.notifications], page.notifications, "pages join to the whole set, same ids");

  await until("the webhook after two 500s", () => received.some((r) => r.id === id && r.status === 200));
  const mine = received.filter((r) => r.id === id);
  assert.deepEqual(
    mine.map((r) => r.status),
    [500, 500, 200],
  );
  assert.equal(mine[0]!.callback, `http://claro.example:6060/notifier/api/v1/notification/${id}`);
  assert.equal(mine[0]!.type, "application/vnd.clair.notification_webhook.v1+json");
  // The receiver has answered before the sender records it: wait for the record, not for the request.
  await until("the delivery marked done", async () => ((await a.notifier.store.delivery(id))?.deliveredAt ?? null) !== null);
  assert.equal((await a.notifier.store.delivery(id))?.attempts, 3);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(received.filter((r) => r.id === id).length, 3, "not sent again once delivered");

  assert.equal((await fetch(`${a.base}/notifier/api/v1/notification/${id}`, { method: "DELETE" })).status, 200);
  assert.equal((await fetch(`${a.base}/notifier/api/v1/notification/${id}`)).status, 404);
  await shutdown(a);
});

test("removed advisories notify too; an undelivered notification survives a restart; two instances deliver it once", async () => {
  const full = JSON.parse(readFileSync(FULL, "utf8")) as Record<string, unknown>;
  delete full["openssl"];
  const reduced = join(tmp, "reduced.json");
  writeFileSync(reduced, JSON.stringify(full));

  const a = await instance(reduced);
  script.push(...Array<number>(100).fill(503));
  const cycle = await a.notifier.runUpdateCycle();
  const id = cycle?.notifications[0]?.id ?? "";
  const page = (await (await fetch(`${a.base}/notifier/api/v1/notification/${id}?page_size=1000`)).json()) as Page;
  // Only the openssl source's records left the feed: its binaries (openssl, libssl3) are what is notified,
  // once for the manifest that has them (bookworm-minbase has no openssl source package).
  assert.equal(page.notifications.length, 1, JSON.stringify(page.notifications.map((n) => [n.manifest, n.reason])));
  const [removed] = page.notifications;
  assert.equal(removed?.reason, "removed");
  assert.ok(["openssl", "libssl3"].includes(removed.vulnerability.package.name), removed.vulnerability.package.name);
  // The most severe openssl record: the feed's "high" urgency ones.
  assert.equal(removed.vulnerability.normalized_severity, "High");
  const highs = Object.entries(
    (JSON.parse(readFileSync(FULL, "utf8")) as Record<string, Record<string, { releases: { bookworm: { urgency: string } } }>>)["openssl"]!,
  )
    .filter(([, v]) => v.releases.bookworm.urgency === "high")
    .map(([cve]) => cve);
  assert.ok(highs.includes(removed.vulnerability.name), `${removed.vulnerability.name} not among ${highs.join(",")}`);
  await until("a failed attempt", () => received.some((r) => r.id === id));
  await shutdown(a);
  script.length = 0;
  const failed = received.filter((r) => r.id === id).length;
  const probe = await openNotifierStore(url);
  assert.equal((await probe.delivery(id))?.deliveredAt, null, "not delivered before the restart");
  await probe.close();

  // Restart as two instances on the same database, both delivering every 50 ms.
  const [b, c] = [await instance(FULL), await instance(FULL)];
  await until("delivery after the restart", () => received.some((r) => r.id === id && r.status === 200));
  const [rb, rc] = await Promise.all([b.notifier.runUpdateCycle(), c.notifier.runUpdateCycle()]);
  const made = [...(rb?.notifications ?? []), ...(rc?.notifications ?? [])];
  assert.equal(made.length, 1, "one instance updated and notified");
  const again = made[0]!.id;
  await Promise.all([b.notifier.deliver(), c.notifier.deliver(), b.notifier.deliver(), c.notifier.deliver()]);
  await until("the re-added openssl notification", () => received.some((r) => r.id === again));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(received.filter((r) => r.id === id).length, failed + 1, "the restarted notification is delivered once more, then not again");
  assert.equal(received.filter((r) => r.id === again).length, 1, "exactly once across two instances");
  const ops = (await (await fetch(`${b.base}/matcher/api/v1/internal/update_operation`)).json()) as Record<string, { ref: string }[]>;
  assert.equal(ops["debian"]?.length, 4);
  const net = (await (await fetch(`${c.base}/matcher/api/v1/internal/update_diff?prev=${ops["debian"]![2]!.ref}&cur=${ops["debian"]![0]!.ref}`)).json()) as {
    added: unknown[];
    removed: unknown[];
  };
  assert.deepEqual([net.added.length, net.removed.length], [0, 0], "removed then re-added cancels out");
});
