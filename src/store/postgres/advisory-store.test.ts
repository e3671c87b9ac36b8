import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { FatalError } from "../../core/problem.js";
import { MIGRATIONS } from "../migrations.js";
import { openStore } from "../open-store.js";
import { PostgresStore } from "./advisory-store.js";
import { makeRun, manyAdvisories } from "../testdata/advisories.js";
import { runStoreContract } from "../testdata/contract-suite.js";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";

const created: string[] = [];
after(async () => {
  for (const s of created) await dropSchema(s);
});

async function freshSpec(): Promise<{ spec: string; schema: string }> {
  const schema = uniqueSchema();
  created.push(schema);
  return { spec: withSchema(await pgTestUrl(), schema), schema };
}

runStoreContract("postgres", async () => {
  const { spec, schema } = await freshSpec();
  return {
    spec,
    // The killed child's connection is inside its COPY into the staging table, waiting for rows.
    openWriteProbe: async () => {
      const rows = await adminQuery<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state IN ('active', 'idle in transaction') AND query LIKE 'COPY claro_stage_records%'",
      );
      return Number(rows[0]?.n) > 0;
    },
    cleanup: () => dropSchema(schema),
  };
});

describe("PostgresStore specifics", () => {
  it("keeps its tables in the chosen schema and records the migrations there", async () => {
    const { spec, schema } = await freshSpec();
    const store = await openStore(spec, {});
    try {
      assert.ok(store instanceof PostgresStore);
      assert.equal(store.schema, schema);
      const tables = await adminQuery<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name", [
        schema,
      ]);
      assert.deepEqual(
        tables.map((t) => t.table_name),
        ["advisories", "enrichments", "metadata", "schema_migrations", "update_runs"],
      );
      const idx = await adminQuery<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'advisories_by_package'", [
        schema,
      ]);
      assert.match(idx[0]?.indexdef ?? "", /\(namespace, package_name, package_kind\)/);
    } finally {
      await store.close();
    }
  });

  it("two instances migrating the same fresh schema at once both succeed, applying each migration once", async () => {
    const { spec, schema } = await freshSpec();
    const a = new PostgresStore(spec);
    const b = new PostgresStore(spec);
    try {
      await Promise.all([a.migrate(), b.migrate(), a.migrate()]);
      const rows = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".schema_migrations`);
      assert.equal(Number(rows[0]?.n), MIGRATIONS.length);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a reader on another connection during a replace sees the old or the new count, never a mix", { timeout: 60_000 }, async () => {
    const { spec } = await freshSpec();
    const writer = await openStore(spec, {});
    const reader = await openStore(spec, {});
    try {
      await writer.replaceAdvisories(makeRun("debian", "old", "changed", "2024-01-01T00:00:00.000Z"), manyAdvisories(3000));
      let done = false;
      const seen: number[] = [];
      const replacing = writer
        .replaceAdvisories(makeRun("debian", "new", "changed", "2024-01-02T00:00:00.000Z"), manyAdvisories(20_000))
        .finally(() => (done = true));
      while (!done) seen.push(await reader.countAdvisories());
      assert.equal(await replacing, 20_000);
      seen.push(await reader.countAdvisories());
      assert.ok(seen.length >= 3, `reader only got ${seen.length} reads in during the replace`);
      assert.ok(
        seen.every((n) => n === 3000 || n === 20_000),
        `reader saw ${[...new Set(seen)].join(", ")}`,
      );
      assert.equal(seen[0], 3000);
      assert.equal(seen.at(-1), 20_000);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it("an unreachable server is a one-line DB_ERROR with a hint", async () => {
    await assert.rejects(openStore("postgres://postgres@127.0.0.1:1/test", {}), (e) => {
      assert.ok(e instanceof FatalError);
      assert.equal(e.code, "DB_ERROR");
      assert.match(e.message, /^cannot use PostgreSQL at 127\.0\.0\.1:1\/test: .*ECONNREFUSED/);
      assert.equal(e.hint, "is PostgreSQL running at 127.0.0.1:1/test?");
      return true;
    });
  });

  it("a missing database names the cause", async () => {
    const url = new URL(await pgTestUrl());
    url.pathname = "/claro_no_such_db";
    await assert.rejects(openStore(url.toString(), {}), { code: "DB_ERROR", message: /database "claro_no_such_db" does not exist/ });
  });
});
