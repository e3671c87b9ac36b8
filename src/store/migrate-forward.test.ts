// A database made by main before the store layout of issue 10.4 (testdata/made-by-main: one SQLite
// file and one PostgreSQL schema dump, written through that commit's CLI and stores) opens under
// today's code as `claro serve` opens it (openStores: one pool or connection), is migrated to
// today's versions, reads back every kind of row it held, and scans bookworm-multilayer exactly as
// a database filled today from the same feeds does.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import { claro } from "../../test/support/claro.js";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { sharedPath } from "../../test/support/shared.js";
import { withoutTimestamps } from "../../test/support/timestamps.js";
import type { Digest } from "../core/digest.js";
import { INDEX_MIGRATIONS } from "./index-migrations.js";
import { MIGRATIONS } from "./migrations.js";
import { openStores } from "./open-store.js";

const made = (name: string): Buffer => gunzipSync(readFileSync(new URL(`testdata/made-by-main/${name}`, import.meta.url)));
const MANIFEST = "sha256:0f8b51ee346136c643864329f1803c4c0c1c34234e25e6a30b731de16e4915f8" as Digest;
const NOTIFICATION = "3f8e2f1c-0000-4000-8000-000000000001";
const IMAGE = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
const FEEDS = [
  "--source",
  `debian=${sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json")}`,
  "--source",
  `epss=${sharedPath("fixtures", "vulndata", "epss", "data.csv")}`,
  "--source",
  `kev=${sharedPath("fixtures", "vulndata", "kev", "known_exploited_vulnerabilities.json")}`,
];

const dir = mkdtempSync(join(tmpdir(), "claro-migrate-forward-"));
const schema = uniqueSchema();
/** The scan of a database filled today from the same feeds: what the old databases must give too. */
let today: unknown;

before(async () => {
  const db = `sqlite:${join(dir, "today.sqlite")}`;
  const up = await claro(["db", "update", "-q", "--db", db, "--only", "debian,epss,kev", ...FEEDS]);
  assert.equal(up.code, 0, up.stderr);
  const scan = await claro(["scan", "-q", "--db", db, "--format", "json", IMAGE]);
  assert.equal(scan.code, 0, scan.stderr);
  today = withoutTimestamps(scan.stdout);
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

/** Every kind of row the old database held, read through today's stores; the versions are today's. */
async function readsBack(spec: string, versions: () => Promise<{ advisories: number[]; index: number[] }>): Promise<void> {
  const stores = await openStores(spec);
  try {
    const v = await versions();
    assert.deepEqual(
      v.advisories,
      MIGRATIONS.map((m) => m.version),
      "advisory schema migrated to today's version",
    );
    assert.deepEqual(
      v.index,
      INDEX_MIGRATIONS.map((m) => m.version),
      "index schema migrated to today's version",
    );
    assert.equal(await stores.advisories.countAdvisories(), 430);
    assert.deepEqual((await stores.advisories.status()).map((s) => s.updater).sort(), ["debian", "epss", "kev"]);
    const index = await stores.index.get(MANIFEST);
    assert.equal(index?.state, "IndexFinished");
    assert.ok((index?.report?.packages.length ?? 0) > 50, "the stored index report with its packages");
    const layer = index!.report!.layers[0]!.digest;
    assert.ok((await stores.layerExtracts.get([layer])).has(layer), "the first layer's extract");
    assert.equal((await stores.harborScans.get("legacy-scan-1"))?.status, "done");
    assert.equal((await stores.v2Layers.get("legacy-layer"))?.namespace, "debian:12");
    const page = await stores.notifier.notificationPage(NOTIFICATION, 0, 10);
    assert.deepEqual(
      page?.map((n) => [n.manifest, n.reason]),
      [[MANIFEST, "added"]],
    );
  } finally {
    await stores.close();
  }
  const scan = await claro(["scan", "-q", "--db", spec, "--format", "json", IMAGE]);
  assert.equal(scan.code, 0, scan.stderr);
  assert.deepEqual(withoutTimestamps(scan.stdout), today, "the old database scans as one filled today");
}

test("a SQLite database made by main before the layout change migrates forward and scans the same", async () => {
  const file = join(dir, "made-by-main.sqlite");
  writeFileSync(file, made("claro.sqlite.gz"));
  const { default: Database } = await import("better-sqlite3");
  await readsBack(`sqlite:${file}`, async () => {
    const db = new Database(file, { readonly: true });
    try {
      const col = (sql: string): number[] =>
        db
          .prepare<[], { version: number }>(sql)
          .all()
          .map((r) => r.version);
      return {
        advisories: col("SELECT version FROM schema_migrations ORDER BY version"),
        index: col("SELECT version FROM index_schema_migrations ORDER BY version"),
      };
    } finally {
      db.close();
    }
  });
});

test("a PostgreSQL schema made by main before the layout change migrates forward and scans the same", async () => {
  // pg_dump names its schema in every statement; the test loads it under a schema of its own.
  // Its psql meta-commands (\restrict) are for psql, not the server.
  const dump = made("postgres-schema.sql.gz")
    .toString("utf8")
    .split("\n")
    .filter((l) => !l.startsWith("\\"))
    .join("\n");
  await adminQuery(dump.replaceAll("legacy_main", schema));
  const url = withSchema(await pgTestUrl(), schema);
  await readsBack(url, async () => {
    const col = async (table: string): Promise<number[]> =>
      (await adminQuery<{ version: number }>(`SELECT version FROM "${schema}".${table} ORDER BY version`)).map((r) => r.version);
    return { advisories: await col("schema_migrations"), index: await col("index_schema_migrations") };
  });
});
