import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import Database from "better-sqlite3";
import type { Advisory } from "../../core/advisory.js";
import type { Enrichment } from "../../contracts/enrichment.js";
import { SqliteStore } from "./advisory-store.js";
import { suspendIndexes } from "./bulk-indexes.js";
import { makeAdvisory, makeRun } from "../testdata/advisories.js";

const AT = "2026-12-07T00:00:00.000Z";

function indexSql(path: string): { name: string; sql: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all();
  } finally {
    db.close();
  }
}

function planOf(db: Database.Database): string {
  return db
    .prepare("EXPLAIN QUERY PLAN SELECT * FROM advisories WHERE namespace = ? AND package_name = ? AND package_kind = ?")
    .all("debian:12", "pkg1", "source")
    .map((r) => (r as { detail: string }).detail)
    .join(" ");
}

function* advisories(updater: string, count: number, then?: () => void): Generator<Advisory> {
  for (let i = 0; i < count; i++) {
    if (i === Math.floor(count / 2)) then?.();
    yield makeAdvisory(i, { updater, namespace: updater === "debian" ? (i % 2 === 0 ? "debian:12" : "debian:11") : `${updater}:1` });
  }
}

describe("SQLite bulk replace: secondary indexes dropped and rebuilt", () => {
  let dir = "";
  let path = "";
  let store: SqliteStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "claro-bulk-"));
    path = join(dir, "db.sqlite");
    store = SqliteStore.open(path);
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves the same indexes, used by lookups, and the page cache size as before", async () => {
    const before = indexSql(path);
    assert.equal(await store.replaceAdvisories(makeRun("debian", "f1", "changed", AT), advisories("debian", 400)), 400);
    assert.equal(await store.replaceAdvisories(makeRun("debian", "f2", "changed", AT), advisories("debian", 300)), 300);
    const epss: Enrichment = {
      updater: "epss",
      kind: "epss",
      cve: "CVE-2024-10001",
      data: { score: 0.5, percentile: 0.9, modelVersion: "v2025", scoreDate: "2026-12-07" },
    };
    await store.replaceEnrichments(makeRun("epss", "e1", "changed", AT), [epss]);
    assert.deepEqual(indexSql(path), before);
    const conn = (store as unknown as { db: Database.Database }).db;
    assert.equal(conn.pragma("cache_size", { simple: true }), -65536);
    assert.match(planOf(conn), /USING INDEX advisories_by_package/);
    const found = await store.find([{ namespace: "debian:12", packageName: "pkg1", packageKind: "source" }]);
    assert.deepEqual(
      found.map((a) => a.id),
      ["CVE-2024-10004", "CVE-2024-10006"],
    );
    assert.deepEqual(await store.findEnrichments(["CVE-2024-10001"]), [epss]);
  });

  it("lets a reader see the old rows through the old indexes during the write, and keeps them when the write fails", async () => {
    await store.replaceAdvisories(makeRun("debian", "f1", "changed", AT), advisories("debian", 200));
    const before = indexSql(path);
    const reader = new Database(path, { readonly: true });
    try {
      const seen: { rows: number; plan: string }[] = [];
      const look = (): void => {
        seen.push({ rows: Number(reader.prepare("SELECT count(*) FROM advisories").pluck().get()), plan: planOf(reader) });
      };
      const failing = advisories("debian", 500, () => {
        look();
        throw new Error("feed cut halfway");
      });
      await assert.rejects(store.replaceAdvisories(makeRun("debian", "f2", "changed", AT), failing), /feed cut halfway/);
      assert.equal(seen.length, 1);
      assert.equal(seen[0]?.rows, 200);
      assert.match(seen[0]?.plan ?? "", /USING INDEX advisories_by_package/);
      assert.deepEqual(indexSql(path), before);
      assert.equal(await store.countAdvisories(), 200);
      assert.equal(await store.fingerprint("debian"), "f1");
      const conn = (store as unknown as { db: Database.Database }).db;
      assert.equal(conn.pragma("cache_size", { simple: true }), -65536);
      assert.match(planOf(conn), /USING INDEX advisories_by_package/);
    } finally {
      reader.close();
    }
  });

  it("keeps the indexes when other updaters hold more than twice the updater's rows", async () => {
    await store.replaceAdvisories(makeRun("ubuntu", "u1", "changed", AT), advisories("ubuntu", 300));
    await store.replaceAdvisories(makeRun("alpine", "a1", "changed", AT), advisories("alpine", 100));
    const conn = (store as unknown as { db: Database.Database }).db;
    const check = (updater: string): readonly string[] => {
      conn.exec("BEGIN");
      try {
        const s = suspendIndexes(conn, "advisories", updater);
        s.release();
        return s.dropped;
      } finally {
        conn.exec("ROLLBACK");
      }
    };
    // alpine: 100 own, 300 others; a new updater: 0 own, 400 others.
    assert.deepEqual(check("alpine"), []);
    assert.deepEqual(check("debian"), []);
    // ubuntu: 300 own, 100 others, so a rebuild of 400 rows is cheaper than 300 random inserts.
    assert.deepEqual(check("ubuntu"), ["advisories_by_package", "advisories_by_updater"]);
    assert.deepEqual(
      indexSql(path)
        .map((i) => i.name)
        .filter((n) => n.startsWith("advisories_")),
      ["advisories_by_package", "advisories_by_updater"],
    );
    assert.equal(await store.replaceAdvisories(makeRun("alpine", "a2", "changed", AT), advisories("alpine", 50)), 50);
    assert.equal(await store.countAdvisories(), 350);
  });
});
