import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { sharedPath } from "../../test/support/shared.js";
import { registeredScanners } from "../cli/pipeline.js";
import type { ImageSource } from "../contracts/image-source.js";
import type { LayerExtractStore } from "../contracts/layer-extract-store.js";
import type { DistributionScanner, PackageScanner } from "../contracts/scanner.js";
import type { Digest } from "../core/digest.js";
import type { IndexReport } from "../core/report.js";
import { buildLayeredTree, createOciArchiveSource } from "../image/index.js";
import { decodeExtract } from "../image/layer-extract.js";
import { openIndexStore } from "../store/open-index-store.js";
import { openLayerExtractStore } from "../store/open-layer-extract-store.js";
import { indexImage, type TreeBuilder } from "./index-image.js";
import { createLayerCacheTreeBuilder, scannerReads, type LayerCacheEvent } from "./layer-cache.js";
import { compileWants } from "./wants.js";

const run = promisify(execFile);
const archive = sharedPath("images", "debian-bookworm.oci.tar");
const dir = mkdtempSync(join(tmpdir(), "claro-layer-cache-"));
const schemas: string[] = [];
type Scanners = { distribution: DistributionScanner[]; package: PackageScanner[] };
type Ref = "bookworm-minbase" | "bookworm-multilayer";

/** The image's layers, base first, read from its manifest in the archive. */
let layers: Digest[] = [];
/** Index reports made without any cache: the reference every cached index must equal. */
const plain = new Map<Ref, IndexReport>();

/** An archive source that records every layer blob it is asked to open. */
function counting(ref: Ref): { source: ImageSource; opened: Digest[] } {
  const inner = createOciArchiveSource(archive, ref);
  const opened: Digest[] = [];
  const source: ImageSource = {
    transport: inner.transport,
    resolve: (o) => inner.resolve(o),
    openLayer: (l, s) => {
      opened.push(l.digest);
      return inner.openLayer(l, s);
    },
    close: () => inner.close(),
  };
  return { source, opened };
}

async function index(ref: Ref, scanners: Scanners, buildTree: TreeBuilder): Promise<{ report: IndexReport; opened: Digest[] }> {
  const { source, opened } = counting(ref);
  try {
    const report = await indexImage(source, {
      platform: { os: "linux", architecture: "amd64" },
      distributionScanners: scanners.distribution,
      packageScanners: scanners.package,
      buildTree,
      maxFileSize: 64 << 20,
    });
    return { report, opened };
  } finally {
    await source.close();
  }
}

/** The scanners with some of them at the next version (what a release that changed them ships). */
function bumped(...ids: string[]): Scanners {
  const s = registeredScanners();
  for (const id of ids)
    assert.ok(
      [...s.distribution, ...s.package].some((x) => x.id === id),
      `scanner ${id} exists`,
    );
  const next = <T extends { id: string; version: number }>(x: T): T => (ids.includes(x.id) ? { ...x, version: x.version + 1 } : x);
  return { distribution: s.distribution.map(next), package: s.package.map(next) };
}

/**
 * The oracle for "layers that hold something the scanner reads": GNU tar lists each layer blob
 * (regular files only, whiteout markers left out), independently of claro's layer walk.
 */
async function tarFiles(digest: Digest): Promise<{ path: string; mode: number; size: number }[]> {
  const { stdout } = await run(
    "sh",
    ["-c", 'tar -xOf "$0" "blobs/sha256/$1" | tar -tvz --numeric-owner --quoting-style=literal', archive, digest.slice("sha256:".length)],
    { maxBuffer: 64 << 20 },
  );
  const files: { path: string; mode: number; size: number }[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^-(\S{9})\s+\S+\s+(\d+)\s+\d{4}-\d\d-\d\d \d\d:\d\d (.*)$/.exec(line);
    if (!m) continue;
    const path = m[3]!.replace(/^\.\//, "");
    if (path.split("/").pop()!.startsWith(".wh.")) continue;
    const mode = [...m[1]!].reduce((acc, c, i) => acc | (c === "-" || c === "S" || c === "T" ? 0 : 1 << (8 - i)), 0);
    files.push({ path, mode, size: Number(m[2]) });
  }
  return files;
}

before(async () => {
  const s = registeredScanners();
  for (const ref of ["bookworm-minbase", "bookworm-multilayer"] as const) plain.set(ref, (await index(ref, s, buildLayeredTree)).report);
  layers = plain.get("bookworm-multilayer")!.layers.map((l) => l.digest);
  assert.equal(layers.length, 5);
  assert.equal(plain.get("bookworm-minbase")!.layers[0]?.digest, layers[0], "multilayer is built on minbase's layer");
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

const backends: [string, () => Promise<{ store: LayerExtractStore; close: () => Promise<void> }>][] = [
  [
    "sqlite",
    async () => {
      const spec = `sqlite:${join(dir, "index.sqlite")}`;
      const indexStore = await openIndexStore(spec);
      const store = openLayerExtractStore(spec);
      return { store, close: async () => void (await Promise.all([store.close(), indexStore.close()])) };
    },
  ],
  [
    "postgres",
    async () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      const url = withSchema(await pgTestUrl(), schema);
      const indexStore = await openIndexStore(url);
      const store = openLayerExtractStore(url);
      return { store, close: async () => void (await Promise.all([store.close(), indexStore.close()])) };
    },
  ],
];

for (const [name, open] of backends) {
  describe(`layer cache on ${name}`, () => {
    let db: Awaited<ReturnType<typeof open>>;
    const events: LayerCacheEvent[] = [];
    const builder = (s: Scanners): TreeBuilder =>
      createLayerCacheTreeBuilder({ store: db.store, scanners: [...s.distribution, ...s.package], onLayer: (e) => events.push(e) });
    before(async () => (db = await open()));
    after(async () => db.close());

    test("a shared base layer is fetched once across manifests, and reports equal uncached ones", async () => {
      const s = registeredScanners();
      const minbase = await index("bookworm-minbase", s, builder(s));
      assert.deepEqual(minbase.opened, [layers[0]]);
      assert.deepEqual(minbase.report, plain.get("bookworm-minbase"));
      const multi = await index("bookworm-multilayer", s, builder(s));
      assert.deepEqual(multi.opened, layers.slice(1), "the base layer is not fetched again");
      assert.deepEqual(multi.report, plain.get("bookworm-multilayer"));
      assert.equal(multi.report.packages.filter((p) => p.type === "deb").length, 120);
      events.length = 0;
      const again = await index("bookworm-multilayer", s, builder(s));
      assert.deepEqual(again.opened, [], "a manifest of known layers fetches nothing");
      assert.deepEqual(
        events.map((e) => e.decision.action),
        ["reuse", "reuse", "reuse", "reuse", "reuse"],
      );
      assert.deepEqual(again.report, plain.get("bookworm-multilayer"));
    });

    test("bumping dpkg re-reads exactly the layers holding dpkg's files; the others get the version recorded", async () => {
      const s = bumped("dpkg");
      const dpkg = s.package.find((x) => x.id === "dpkg")!;
      const wanted = compileWants(dpkg.wants);
      const expected: Digest[] = [];
      for (const d of layers) if ((await tarFiles(d)).some((f) => wanted(f.path))) expected.push(d);
      // The README's account of the image: status written by the base, the installs and the purge.
      assert.deepEqual(expected, layers.slice(0, 3));
      events.length = 0;
      const multi = await index("bookworm-multilayer", s, builder(s));
      assert.deepEqual(multi.opened, expected);
      assert.deepEqual(
        events.map((e) => e.decision.action),
        ["fetch", "fetch", "fetch", "record", "record"],
      );
      assert.deepEqual(events[3]?.decision, { action: "record", scanners: { dpkg: dpkg.version } });
      assert.deepEqual(multi.report, plain.get("bookworm-multilayer"));
      const stored = await db.store.get(layers);
      for (const d of layers) assert.equal(stored.get(d)?.scanners["dpkg"], dpkg.version, `${d} serves dpkg@${dpkg.version}`);
      const minbase = await index("bookworm-minbase", s, builder(s));
      assert.deepEqual(minbase.opened, [], "the base layer was re-read for dpkg already, through the other manifest");
      assert.deepEqual(minbase.report, plain.get("bookworm-minbase"));
    });

    test("bumping a probe scanner re-reads the layers holding its probe's candidates", async () => {
      // dpkg stays at the version the previous test recorded; only go-binary moves.
      const s = bumped("dpkg", "go-binary");
      const probe = s.package.find((x) => x.id === "go-binary")!.probe!;
      const expected: Digest[] = [];
      for (const d of layers) if ((await tarFiles(d)).some((f) => f.size > 0 && f.size <= probe.maxBytes && probe.match(f))) expected.push(d);
      assert.ok(expected.includes(layers[1]!), "layer 2 installs fzf, a Go binary");
      assert.ok(expected.length < layers.length, "some layer holds no executable");
      const multi = await index("bookworm-multilayer", s, builder(s));
      assert.deepEqual(multi.opened, expected);
      assert.deepEqual(multi.report, plain.get("bookworm-multilayer"));
    });

    test("a damaged stored extract is fetched again rather than failing the index", async () => {
      const s = registeredScanners();
      await db.store.put({
        digest: layers[3]!,
        extract: Buffer.from("not an extract"),
        scanners: Object.fromEntries([...s.distribution, ...s.package].map((x) => [x.id, x.version])),
      });
      events.length = 0;
      const multi = await index("bookworm-multilayer", bumped("dpkg", "go-binary"), builder(bumped("dpkg", "go-binary")));
      assert.deepEqual(multi.opened, [layers[3]]);
      assert.deepEqual(events.find((e) => e.digest === layers[3])?.decision, {
        action: "fetch",
        reason: "unreadable",
        scanners: [...s.distribution, ...s.package].map((x) => x.id),
      });
      assert.deepEqual(multi.report, plain.get("bookworm-multilayer"));
    });
  });
}

test("scannerReads decides from a stored extract's entry list", async () => {
  const spec = `sqlite:${join(dir, "index.sqlite")}`;
  const store = openLayerExtractStore(spec);
  try {
    const stored = await store.get(layers);
    const extract = (i: number): ReturnType<typeof decodeExtract> => decodeExtract(stored.get(layers[i]!)!.extract);
    const s = registeredScanners();
    const byId = (id: string): PackageScanner | DistributionScanner => [...s.distribution, ...s.package].find((x) => x.id === id)!;
    // Layer 4 holds only usr/share/doc/README (and an opaque marker): no scanner reads it.
    assert.deepEqual(
      [...s.distribution, ...s.package].filter((x) => scannerReads(x, extract(3))).map((x) => x.id),
      [],
    );
    // Layer 5 is /app with node_modules: npm reads it, dpkg does not.
    assert.equal(scannerReads(byId("npm"), extract(4)), true);
    assert.equal(scannerReads(byId("dpkg"), extract(4)), false);
    // Layer 3 (apt-get purge) rewrote the dpkg status and removed files: dpkg reads it, os-release scanners do not.
    assert.equal(scannerReads(byId("dpkg"), extract(2)), true);
    assert.equal(scannerReads(byId("debian-release"), extract(2)), false);
    assert.equal(scannerReads(byId("debian-release"), extract(0)), true);
  } finally {
    await store.close();
  }
});
