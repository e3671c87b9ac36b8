import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { registeredMatchers, registeredScanners } from "../cli/pipeline.js";
import type { Digest } from "../core/digest.js";
import { isFatalError } from "../core/problem.js";
import type { IndexReport } from "../core/report.js";
import type { ClairManifest } from "../image/clair-manifest-source.js";
import { openIndexStore } from "../store/open-index-store.js";
import { openLayerExtractStore } from "../store/open-layer-extract-store.js";
import { openStore } from "../store/open-store.js";
import { openV2LayerStore } from "../store/open-side-stores.js";
import { layerIndex, postLayer } from "./clair-v2/service.js";
import { DEFAULT_SERVER_CONFIG } from "./build-server.js";
import { currentIndexState, indexManifest, type IndexSettings, type ServerDeps } from "./index-service.js";
import { Metrics } from "./metrics.js";

const REPO = "test/debian-bookworm";
const ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
const settings: IndexSettings = {
  urlPolicy: {},
  maxLayerBytes: DEFAULT_SERVER_CONFIG.maxLayerBytes,
  layerTimeoutMs: 120_000,
  maxFileSize: DEFAULT_SERVER_CONFIG.maxFileSize,
};
const dir = mkdtempSync(join(tmpdir(), "claro-index-service-"));
const schemas: string[] = [];

let registry = "";
let proxy: Server;
/** Blob GETs that reached the registry through the proxy, with the Authorization they carried. */
const fetched: { digest: Digest; authorization: string | undefined }[] = [];
const manifests = new Map<string, ClairManifest>();
const plain = new Map<string, IndexReport>();

/**
 * A loopback proxy in front of the token-auth registry that counts blob GETs: the manifests name
 * it as the layers' uri, so every layer fetch the service makes is seen here.
 */
function startProxy(): Promise<string> {
  proxy = createServer((req, res) => {
    const blob = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(req.url ?? "")?.[1];
    if (blob && req.method === "GET") fetched.push({ digest: blob as Digest, authorization: req.headers.authorization });
    const up = request(`http://${registry}${req.url ?? "/"}`, { method: req.method, headers: { ...req.headers, host: registry } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => proxy.listen(0, "127.0.0.1", () => resolve(`127.0.0.1:${(proxy.address() as AddressInfo).port}`)));
}

/** What a Clair client sends for a registry image: each layer's uri and the bearer token to fetch it with. */
async function clairManifest(via: string, ref: string): Promise<ClairManifest> {
  const t = (await (await fetch(`http://127.0.0.1:5001/token?service=test-registry&scope=repository:${REPO}:pull`)).json()) as { token: string };
  const auth = `Bearer ${t.token}`;
  const res = await fetch(`http://${registry}/v2/${REPO}/manifests/${ref}`, { headers: { accept: ACCEPT, authorization: auth } });
  assert.equal(res.status, 200, `manifest ${ref}`);
  const doc = (await res.json()) as { layers: { digest: Digest; mediaType: string }[] };
  return {
    hash: res.headers.get("docker-content-digest") as Digest,
    layers: doc.layers.map((l) => ({
      hash: l.digest,
      uri: `http://${via}/v2/${REPO}/blobs/${l.digest}`,
      headers: { Authorization: [auth] },
      media_type: l.mediaType,
    })),
  };
}

/** The registered scanners with some of them at the next version. */
function bumped(...ids: string[]): ServerDeps["scanners"] {
  const s = registeredScanners();
  const next = <T extends { id: string; version: number }>(x: T): T => (ids.includes(x.id) ? { ...x, version: x.version + 1 } : x);
  return { distribution: s.distribution.map(next), package: s.package.map(next) };
}

const fetchedSince = (mark: number): Digest[] => fetched.slice(mark).map((f) => f.digest);

before(async () => {
  registry = await ensureRegistry({ auth: "token" }, 5000);
  const via = await startProxy();
  for (const ref of ["bookworm-minbase", "bookworm-multilayer"]) manifests.set(ref, await clairManifest(via, ref));
  // The reference: the same service without a layer store, which fetches every layer of every manifest.
  const indexStore = await openIndexStore("sqlite::memory:");
  const advisoryStore = await openStore(`sqlite:${join(dir, "plain.sqlite")}`);
  const deps: ServerDeps = { indexStore, advisoryStore, scanners: registeredScanners(), matchers: registeredMatchers() };
  for (const [ref, m] of manifests) plain.set(ref, (await indexManifest(deps, settings, m, new Metrics())).report!);
  await Promise.all([indexStore.close(), advisoryStore.close()]);
  assert.equal(fetched.length, 6, "without the layer store the shared base layer is fetched twice");
});

after(async () => {
  await new Promise((r) => proxy.close(r));
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

const backends: [string, () => Promise<string>][] = [
  ["sqlite", async () => `sqlite:${join(dir, "index.sqlite")}`],
  [
    "postgres",
    async () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      return withSchema(await pgTestUrl(), schema);
    },
  ],
];

for (const [name, spec] of backends) {
  describe(`indexManifest by layer on ${name}`, () => {
    let deps: ServerDeps;
    let db = "";
    const metrics = new Metrics();
    before(async () => {
      db = await spec();
      const indexStore = await openIndexStore(db);
      deps = {
        indexStore,
        advisoryStore: await openStore(db),
        layerExtracts: openLayerExtractStore(db),
        scanners: registeredScanners(),
        matchers: registeredMatchers(),
      };
    });
    after(async () => void (await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), deps.layerExtracts?.close()])));

    test("the base layer shared by two manifests is fetched once, with the manifest's headers", async () => {
      const minbase = manifests.get("bookworm-minbase")!;
      const multi = manifests.get("bookworm-multilayer")!;
      const mark = fetched.length;
      const a = await indexManifest(deps, settings, minbase, metrics);
      const b = await indexManifest(deps, settings, multi, metrics);
      assert.deepEqual(
        fetchedSince(mark),
        multi.layers.map((l) => l.hash),
        "each layer once, base first",
      );
      assert.equal(multi.layers[0]?.hash, minbase.layers[0]?.hash);
      // Each manifest carries its own token; the registry refuses blobs without one.
      const token = (m: ClairManifest): string | undefined => m.layers[0]?.headers?.["Authorization"]?.[0];
      assert.deepEqual(
        fetched.slice(mark).map((f) => (f.authorization === token(minbase) ? "minbase" : f.authorization === token(multi) ? "multilayer" : "other")),
        ["minbase", "multilayer", "multilayer", "multilayer", "multilayer"],
      );
      assert.equal(a.state, "IndexFinished");
      assert.deepEqual(a.report, plain.get("bookworm-minbase"));
      assert.deepEqual(b.report, plain.get("bookworm-multilayer"));
      assert.match(await metrics.render(), /claro_index_layers_total\{outcome="fetch"\} 5/);
      assert.match(await metrics.render(), /claro_index_layers_total\{outcome="reuse"\} 1/);
    });

    test("after a dpkg version bump only the layers holding dpkg's files are fetched again", async () => {
      const multi = manifests.get("bookworm-multilayer")!;
      const next: ServerDeps = { ...deps, scanners: bumped("dpkg") };
      const mark = fetched.length;
      const stored = await indexManifest(next, settings, multi, metrics);
      // Layers 1–3 write var/lib/dpkg/status (base, installs, purge); 4 is usr/share/doc, 5 is /app.
      assert.deepEqual(
        fetchedSince(mark),
        multi.layers.slice(0, 3).map((l) => l.hash),
      );
      assert.deepEqual(stored.report, plain.get("bookworm-multilayer"));
      const again = fetched.length;
      const minbase = await indexManifest(next, settings, manifests.get("bookworm-minbase")!, metrics);
      assert.deepEqual(fetchedSince(again), [], "the base layer was re-read through the other manifest");
      assert.deepEqual(minbase.report, plain.get("bookworm-minbase"));
    });

    test("a Clair v2 layer posted by blob url shares the extracts: the base layer is not fetched again", async () => {
      const v2 = openV2LayerStore(db);
      try {
        const base = manifests.get("bookworm-minbase")!.layers[0]!;
        const ctx = { deps: { ...deps, scanners: bumped("dpkg") }, layers: v2, settings };
        const mark = fetched.length;
        const v2Name = `klar-${name}-${Date.now()}`;
        const layer = await postLayer(ctx, { Name: v2Name, Path: base.uri, Headers: { Authorization: base.headers!["Authorization"]![0]! }, Format: "Docker" });
        assert.deepEqual(fetchedSince(mark), [], "read through the v4 manifests already");
        assert.equal(layer.namespace, "debian:12");
        const pkgs = (r: IndexReport | null | undefined): string[] => (r?.packages ?? []).map((p) => `${p.type}:${p.name}@${p.version}`);
        assert.deepEqual(pkgs((await layerIndex(ctx, v2Name))?.report), pkgs(plain.get("bookworm-minbase")));
      } finally {
        await v2.close();
      }
    });

    test("size and time limits apply to the layers that are fetched, and only to them", async () => {
      const multi = manifests.get("bookworm-multilayer")!;
      // go-binary's probe reads executables: the base layer must be fetched again, and is over 1 MiB.
      const next: ServerDeps = { ...deps, scanners: bumped("go-binary") };
      const small = { ...settings, maxLayerBytes: 1 << 20 };
      await assert.rejects(indexManifest(next, small, multi, metrics), (e: unknown) => isFatalError(e) && e.code === "FILE_TOO_LARGE");
      // The failure does not replace the report the earlier scanners finished.
      const kept = await deps.indexStore.get(multi.hash);
      assert.equal(kept?.state, "IndexFinished");
      assert.notEqual(kept?.indexState, currentIndexState(next));
      await assert.rejects(indexManifest(next, { ...settings, layerTimeoutMs: 1 }, multi, metrics), (e: unknown) => isFatalError(e) && e.code === "TIMEOUT");
      // A new index (npm bumped too) of a manifest whose one layer holds nothing npm reads: the
      // layer only gets npm's new version recorded, nothing is fetched, so no limit bites. The
      // timed-out GET above may reach the proxy at any time, so only this manifest's requests
      // (its own token) count.
      const mark = fetched.length;
      const cached = await indexManifest({ ...deps, scanners: bumped("dpkg", "npm") }, small, manifests.get("bookworm-minbase")!, metrics);
      assert.equal(cached.state, "IndexFinished");
      assert.deepEqual(
        fetched.slice(mark).filter((f) => f.authorization === manifests.get("bookworm-minbase")!.layers[0]?.headers?.["Authorization"]?.[0]),
        [],
      );
      assert.deepEqual(cached.report, plain.get("bookworm-minbase"));
    });
  });
}
