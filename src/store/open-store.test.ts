import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { openStore } from "./open-store.js";
import { PostgresStore } from "./postgres/advisory-store.js";
import { SqliteStore } from "./sqlite/advisory-store.js";
import { makeRun, manyAdvisories } from "./testdata/advisories.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "claro-open-"));
}

describe("defaultSqlitePath", () => {
  it("uses XDG_CACHE_HOME when absolute, else ~/.cache", () => {
    assert.equal(defaultSqlitePath({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/u" }), "/x/cache/claro/db.sqlite");
    assert.equal(defaultSqlitePath({ HOME: "/home/u" }), "/home/u/.cache/claro/db.sqlite");
    assert.equal(defaultSqlitePath({ XDG_CACHE_HOME: "relative/cache", HOME: "/home/u" }), "/home/u/.cache/claro/db.sqlite");
    assert.equal(defaultSqlitePath({ XDG_CACHE_HOME: "", HOME: "/home/u" }), "/home/u/.cache/claro/db.sqlite");
  });
});

describe("openStore", () => {
  it("with no spec and no CLARO_DB creates and migrates the default SQLite file under the cache dir", async () => {
    const dir = tempDir();
    try {
      const store = await openStore(undefined, { XDG_CACHE_HOME: dir, CLARO_DB: "" });
      assert.ok(store instanceof SqliteStore);
      assert.equal(store.path, join(dir, "claro", "db.sqlite"));
      assert.equal(await store.countAdvisories(), 0);
      await store.close();
      assert.ok(existsSync(join(dir, "claro", "db.sqlite")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes CLARO_DB when no spec is given, and an explicit spec over CLARO_DB", async () => {
    const dir = tempDir();
    try {
      const fromEnv = await openStore(undefined, { CLARO_DB: `sqlite:${join(dir, "env.sqlite")}`, XDG_CACHE_HOME: dir });
      assert.equal((fromEnv as SqliteStore).path, join(dir, "env.sqlite"));
      await fromEnv.close();
      const explicit = await openStore("sqlite::memory:", { CLARO_DB: `sqlite:${join(dir, "env.sqlite")}` });
      assert.equal((explicit as SqliteStore).path, ":memory:");
      await explicit.replaceAdvisories(makeRun("debian", "f", "changed", "2024-01-01T00:00:00.000Z"), manyAdvisories(3));
      assert.equal(await explicit.countAdvisories(), 3);
      await explicit.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("opens postgres:// and postgresql:// URLs in the schema named by ?schema=", async () => {
    const schema = uniqueSchema();
    try {
      const url = withSchema(await pgTestUrl(), schema);
      for (const spec of [url, url.replace(/^postgres:/, "postgresql:")]) {
        const store = await openStore(undefined, { CLARO_DB: spec });
        assert.ok(store instanceof PostgresStore);
        assert.equal(store.schema, schema);
        assert.equal(await store.countAdvisories(), 0);
        await store.close();
      }
    } finally {
      await dropSchema(schema);
    }
  });

  it("rejects unusable specs with a one-line DB_ERROR and a hint", async () => {
    const dir = tempDir();
    try {
      const notADb = join(dir, "text.sqlite");
      writeFileSync(notADb, "this is not a database, just some text that is long enough to have a header".repeat(20));
      // A regular file where a directory must be: fails even for root, unlike a permission bit.
      const plainFile = join(dir, "plain");
      writeFileSync(plainFile, "");
      const cases: [string, RegExp][] = [
        ["mysql://localhost/db", /^unknown database spec "mysql:\/\/localhost\/db"$/],
        ["postgres://u:secret@127.0.0.1:5432/test?schema=Bad-Name", /^invalid PostgreSQL schema name "Bad-Name"$/],
        ["sqlite:", /names no file/],
        [`sqlite:${notADb}`, /SQLite database .*text\.sqlite/],
        [`sqlite:${join(plainFile, "sub", "db.sqlite")}`, /^cannot open SQLite database /],
      ];
      for (const [spec, message] of cases) {
        await assert.rejects(openStore(spec, {}), (e) => {
          assert.ok(e instanceof FatalError, `${spec}: ${String(e)}`);
          assert.equal(e.code, "DB_ERROR");
          assert.match(e.message, message);
          assert.ok(!e.message.includes("\n") && !e.message.includes("secret"), e.message);
          assert.ok(e.hint !== undefined && e.hint.length > 0, `${spec}: no hint`);
          return true;
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
