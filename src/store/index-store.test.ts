import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { indexStateToken } from "../contracts/index-store.js";
import { INDEX_MIGRATIONS } from "./index-migrations.js";
import { openIndexStore } from "./open-index-store.js";
import { openStore } from "./open-store.js";
import { indexStoreContract } from "./testdata/index-store-contract.js";

const dir = mkdtempSync(join(tmpdir(), "claro-index-store-"));
const schemas: string[] = [];
let n = 0;
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

indexStoreContract("sqlite", () => openIndexStore(`sqlite:${join(dir, `db-${++n}.sqlite`)}`));
indexStoreContract("postgres", async () => {
  const schema = uniqueSchema();
  schemas.push(schema);
  return openIndexStore(withSchema(await pgTestUrl(), schema));
});

test("the index tables live beside the advisory tables with their own migration table", async () => {
  const schema = uniqueSchema();
  schemas.push(schema);
  const url = withSchema(await pgTestUrl(), schema);
  const advisories = await openStore(url);
  const index = await openIndexStore(url);
  await Promise.all([advisories.close(), index.close()]);
  const tables = (await adminQuery<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema])).map(
    (r) => r.table_name,
  );
  for (const t of ["schema_migrations", "index_schema_migrations", "index_reports", "advisories"]) assert.ok(tables.includes(t), `${t} in ${tables.join(",")}`);
  const versions = await adminQuery<{ version: number }>(`SELECT version FROM "${schema}".index_schema_migrations`);
  assert.deepEqual(
    versions.map((v) => v.version).sort((a, b) => a - b),
    INDEX_MIGRATIONS.map((m) => m.version),
  );
});

test("indexStateToken changes when a scanner's version is bumped, not with order", () => {
  const a = indexStateToken([
    { id: "dpkg", version: 1 },
    { id: "apk", version: 2 },
  ]);
  assert.equal(
    a,
    indexStateToken([
      { id: "apk", version: 2 },
      { id: "dpkg", version: 1 },
    ]),
  );
  assert.notEqual(
    a,
    indexStateToken([
      { id: "apk", version: 3 },
      { id: "dpkg", version: 1 },
    ]),
  );
});
