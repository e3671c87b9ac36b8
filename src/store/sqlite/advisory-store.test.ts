import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { SqliteStore } from "./advisory-store.js";
import { runStoreContract } from "../testdata/contract-suite.js";
import { MIGRATIONS } from "../migrations.js";

runStoreContract("sqlite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-store-"));
  const path = join(dir, "nested", "db.sqlite");
  return {
    spec: `sqlite:${path}`,
    // Another process holds an open write transaction exactly when the write lock is taken.
    openWriteProbe: async () => {
      const probe = new Database(path, { timeout: 0 });
      try {
        probe.exec("BEGIN IMMEDIATE");
        probe.exec("ROLLBACK");
        return false;
      } catch (e) {
        return (e as { code?: string }).code === "SQLITE_BUSY";
      } finally {
        probe.close();
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("SqliteStore specifics", () => {
  it("creates missing directories, uses WAL, foreign keys and a busy timeout, and records migrations", async () => {
    const dir = mkdtempSync(join(tmpdir(), "claro-store-"));
    try {
      const path = join(dir, "a", "b", "db.sqlite");
      const store = SqliteStore.open(path);
      await store.migrate();
      await store.migrate();
      await store.close();
      const db = new Database(path, { readonly: true });
      assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
      const versions = db.prepare("SELECT version, name FROM schema_migrations ORDER BY version").all();
      assert.deepEqual(
        versions,
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT * FROM advisories WHERE namespace = ? AND package_name = ? AND package_kind = ?")
        .all("debian:12", "openssl", "source")
        .map((r) => (r as { detail: string }).detail)
        .join(" ");
      assert.match(plan, /USING INDEX advisories_by_package/);
      db.close();
      const live = SqliteStore.open(path);
      // Checked on a fresh connection because these pragmas are per connection, not per file.
      const conn = (live as unknown as { db: Database.Database }).db;
      assert.equal(conn.pragma("foreign_keys", { simple: true }), 1);
      assert.equal(conn.pragma("busy_timeout", { simple: true }), 10_000);
      await live.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a database written by a newer claro", async () => {
    const dir = mkdtempSync(join(tmpdir(), "claro-store-"));
    try {
      const path = join(dir, "db.sqlite");
      const store = SqliteStore.open(path);
      await store.migrate();
      await store.close();
      const db = new Database(path);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')").run();
      db.close();
      const again = SqliteStore.open(path);
      await assert.rejects(again.migrate(), { name: "FatalError", code: "DB_ERROR", message: /schema version 999 is newer/ });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
