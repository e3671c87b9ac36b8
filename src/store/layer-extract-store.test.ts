import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { sharedPath } from "../../test/support/shared.js";
import type { LayerExtractStore } from "../contracts/layer-extract-store.js";
import type { Digest } from "../core/digest.js";
import { createOciArchiveSource } from "../image/index.js";
import { decodeExtract, encodeExtract, extractLayer } from "../image/layer-extract.js";
import { INDEX_MIGRATIONS } from "./index-migrations.js";
import { openIndexStore } from "./open-index-store.js";
import { openLayerExtractStore } from "./open-layer-extract-store.js";
import { openStores } from "./open-store.js";

const dir = mkdtempSync(join(tmpdir(), "claro-layer-extracts-"));
const schemas: string[] = [];
let n = 0;
/** A real extract: the Alpine 3.20.3 layer with the os-release and apk database buffered. */
let real: { digest: Digest; bytes: Buffer };

before(async () => {
  const source = createOciArchiveSource(sharedPath("images", "alpine-3.20.3.oci.tar"), "3.20.3");
  try {
    const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
    const layer = image.layers[0]!;
    const extract = await extractLayer(await source.openLayer(layer), layer, { wants: ["etc/os-release", "lib/apk/db/installed"], maxFileSize: 1 << 24 });
    real = { digest: layer.digest, bytes: encodeExtract(extract) };
  } finally {
    await source.close();
  }
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

/** Opens a migrated index database and the layer-extract store: on its own, or on the server's one connection. */
async function sqlite(): Promise<{ store: LayerExtractStore; close: () => Promise<void> }> {
  const spec = `sqlite:${join(dir, `db-${++n}.sqlite`)}`;
  if (n % 2 === 1) {
    const all = await openStores(spec);
    return { store: all.layerExtracts, close: () => all.close() };
  }
  const index = await openIndexStore(spec);
  const store = openLayerExtractStore(spec);
  return { store, close: async () => void (await Promise.all([store.close(), index.close()])) };
}

async function postgres(): Promise<{ store: LayerExtractStore; close: () => Promise<void> }> {
  const schema = uniqueSchema();
  schemas.push(schema);
  const url = withSchema(await pgTestUrl(), schema);
  if (++n % 2 === 1) {
    const all = await openStores(url);
    return { store: all.layerExtracts, close: () => all.close() };
  }
  const index = await openIndexStore(url);
  const store = openLayerExtractStore(url);
  return { store, close: async () => void (await Promise.all([store.close(), index.close()])) };
}

for (const [name, open] of [
  ["sqlite", sqlite],
  ["postgres", postgres],
] as const) {
  describe(`layer-extract store (${name})`, () => {
    test("round-trips the extract bytes and the scanner set; unknown digests are absent", async () => {
      const { store, close } = await open();
      try {
        const other = "sha256:0000000000000000000000000000000000000000000000000000000000000000" as Digest;
        assert.equal((await store.get([real.digest, other])).size, 0);
        await store.put({ digest: real.digest, extract: real.bytes, scanners: { apk: 1, "alpine-release": 2 } });
        const got = await store.get([real.digest, other, real.digest]);
        assert.deepEqual([...got.keys()], [real.digest]);
        const rec = got.get(real.digest)!;
        assert.ok(rec.extract.equals(real.bytes), "extract bytes unchanged");
        assert.deepEqual(rec.scanners, { apk: 1, "alpine-release": 2 });
        assert.match(
          decodeExtract(rec.extract)
            .entries.find((e) => e.path === "etc/os-release")
            ?.content?.toString("utf8") ?? "",
          /VERSION_ID=3\.20\.3/,
        );
        assert.equal((await store.get([])).size, 0);
      } finally {
        await close();
      }
    });

    test("addScanners merges versions in place; put replaces extract and set together", async () => {
      const { store, close } = await open();
      try {
        const digest = real.digest;
        assert.equal(await store.addScanners(digest, { dpkg: 1 }), false, "nothing to merge into");
        await store.put({ digest, extract: real.bytes, scanners: { apk: 1, dpkg: 1 } });
        assert.equal(await store.addScanners(digest, { dpkg: 2, npm: 1 }), true);
        assert.deepEqual((await store.get([digest])).get(digest)?.scanners, { apk: 1, dpkg: 2, npm: 1 });
        assert.ok((await store.get([digest])).get(digest)?.extract.equals(real.bytes), "the extract is left alone");
        const smaller = encodeExtract({ wants: [], entries: [] });
        await store.put({ digest, extract: smaller, scanners: { apk: 3 } });
        const rec = (await store.get([digest])).get(digest)!;
        assert.deepEqual(rec.scanners, { apk: 3 });
        assert.ok(rec.extract.equals(smaller));
        assert.equal(await store.delete(digest), true);
        assert.equal(await store.delete(digest), false);
        assert.equal((await store.get([digest])).size, 0);
      } finally {
        await close();
      }
    });
  });
}

test("migration 6 creates layer_extracts in the index schema", async () => {
  const schema = uniqueSchema();
  schemas.push(schema);
  const index = await openIndexStore(withSchema(await pgTestUrl(), schema));
  await index.close();
  const cols = await adminQuery<{ column_name: string; data_type: string }>(
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'layer_extracts' ORDER BY column_name",
    [schema],
  );
  assert.deepEqual(
    cols.map((c) => `${c.column_name}:${c.data_type}`),
    ["digest:text", "extract:bytea", "scanners:jsonb", "updated_at:timestamp with time zone"],
  );
  const versions = await adminQuery<{ version: number; name: string }>(`SELECT version, name FROM "${schema}".index_schema_migrations WHERE version = 6`);
  assert.equal(versions[0]?.name, INDEX_MIGRATIONS.find((m) => m.version === 6)?.name);
});

test("a sqlite::memory: index gets a process-local store that behaves the same", async () => {
  const store = openLayerExtractStore("sqlite::memory:");
  await store.put({ digest: real.digest, extract: real.bytes, scanners: { apk: 1 } });
  assert.equal(await store.addScanners(real.digest, { dpkg: 4 }), true);
  assert.deepEqual((await store.get([real.digest])).get(real.digest)?.scanners, { apk: 1, dpkg: 4 });
  await store.close();
});
