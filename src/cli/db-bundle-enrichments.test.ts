import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Enrichment } from "../contracts/enrichment.js";
import type { AdvisoryStore } from "../contracts/store.js";
import { openStore } from "../store/open-store.js";
import { claro } from "../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { sharedPath } from "../../test/support/shared.js";

// Issue 11: an air-gapped host fed by `db export | db import` must get the EPSS and KEV data too.
const FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const IMAGE = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
// Upstream-format EPSS CSV and KEV catalogue naming CVEs of the Debian fixture (shared with the server test).
const td = (name: string): string => fileURLToPath(new URL(`../server/clair-v4/testdata/enrich/${name}`, import.meta.url));

async function enrichmentState(db: string): Promise<{ fingerprints: Record<string, string | null>; rows: Record<string, Enrichment[]> }> {
  const store: AdvisoryStore = await openStore(db);
  try {
    const fingerprints: Record<string, string | null> = {};
    const rows: Record<string, Enrichment[]> = {};
    for (const s of await store.status()) {
      fingerprints[s.updater] = s.fingerprint;
      const list: Enrichment[] = [];
      for await (const e of store.exportEnrichments(s.updater)) list.push(e);
      rows[s.updater] = list;
    }
    return { fingerprints, rows };
  } finally {
    await store.close();
  }
}

/** The report's vulnerabilities, which carry the EPSS and KEV data; createdAt is left out as it differs per run. */
async function scanVulns(db: string): Promise<unknown> {
  const r = await claro(["scan", "--db", db, "--format", "json", "-q", IMAGE]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const report = JSON.parse(r.stdout) as { vulnerabilities: unknown[] };
  return report.vulnerabilities;
}

describe("claro db export / import carries NVD, EPSS and KEV", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-db-enrich-"));
  const schemas: string[] = [];
  after(async () => {
    for (const s of schemas) await dropSchema(s);
    rmSync(dir, { recursive: true, force: true });
  });
  const source = `sqlite:${join(dir, "source.sqlite")}`;
  const bundle = join(dir, "claro-db.ndjson.gz");

  it("exports the enrichments with their fingerprints and imports them into SQLite and PostgreSQL", async () => {
    const update = await claro([
      "db",
      "update",
      "--db",
      source,
      "-q",
      "--source",
      `debian=${FEED}`,
      "--source",
      `epss=${td("epss-scores.csv")}`,
      "--source",
      `kev=${td("kev-catalogue.json")}`,
    ]);
    assert.equal(update.code, 0, update.stderr);
    const want = await enrichmentState(source);
    assert.ok((want.rows["epss"]?.length ?? 0) > 0 && (want.rows["kev"]?.length ?? 0) > 0, JSON.stringify(Object.keys(want.rows)));

    const exported = await claro(["db", "export", "--db", source, bundle]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, new RegExp(`epss: ${want.rows["epss"]?.length} records`));

    const schema = uniqueSchema();
    schemas.push(schema);
    const targets = [`sqlite:${join(dir, "copy.sqlite")}`, withSchema(await pgTestUrl(), schema)];
    const wantScan = await scanVulns(source);
    assert.match(JSON.stringify(wantScan), /"epss":\{/, "the source scan carries EPSS data");
    for (const target of targets) {
      const imported = await claro(["db", "import", "--db", target, "-q", bundle]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.deepEqual(await enrichmentState(target), want, target);
      assert.deepEqual(await scanVulns(target), wantScan, target);
      // The fingerprint came along, so the same upstream file is `unchanged` and the rows stay.
      const again = await claro(["db", "update", "--db", target, "--source", `epss=${td("epss-scores.csv")}`]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /epss: unchanged/);
      assert.deepEqual((await enrichmentState(target)).rows["epss"], want.rows["epss"]);
    }
  });
});
