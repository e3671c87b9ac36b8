import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseRpmDb } from "./rpmdb.js";
import { defaultSqliteLimits, readSqliteRpmDb } from "./sqlite.js";
import { hostileRpmDbSqlite, rpmDbSqliteWithRows } from "./testdata/hostile-sqlite.js";

const MARINER = sharedPath("fixtures/pkgdb/rpmdb/sqlite/cbl-mariner-2.0/rpmdb.sqlite");

function rejected(r: ReturnType<typeof readSqliteRpmDb>): string {
  assert.ok(typeof r === "object" && "rejected" in r, `expected a rejection, got ${typeof r === "string" ? r : "values"}`);
  return r.rejected;
}

test("rpm's own schema reads in the worker: 129 headers in hnum order, every blob intact", () => {
  const r = readSqliteRpmDb(readFileSync(MARINER));
  assert.ok(typeof r === "object" && "values" in r);
  assert.equal(r.values.length, 129);
  assert.deepEqual(r.errors, []);
  const keys = r.values.map((v) => v.key);
  assert.deepEqual(
    keys,
    [...keys].sort((a, b) => a - b),
  );
  // An rpm header blob starts with its index-entry count and data size, which must fit it.
  for (const { blob } of r.values) assert.equal(8 + 16 * blob.readUInt32BE(0) + blob.readUInt32BE(4), blob.length);
});

// Each of these ran without end (or built 100 MB from 8 KB) before the schema was checked.
for (const [kind, why] of [
  ["endless-view", /Packages is a view, not a table/],
  ["wrong-columns", /columns \(hnum, blob, extra\), not rpm's \(hnum, blob\)/],
  ["generated-blob", /Packages\.blob is computed/],
  ["virtual-table", /virtual table/],
] as const) {
  test(`a Packages that is not rpm's table is rejected before any row is read: ${kind}`, () => {
    assert.match(rejected(readSqliteRpmDb(hostileRpmDbSqlite(kind))), why);
  });
}

test("a database with no Packages at all is unreadable (a problem), not hostile", () => {
  assert.equal(readSqliteRpmDb(hostileRpmDbSqlite("no-packages")), "no table Packages");
});

test("more rows than the cap is a rejection, not a partial list", () => {
  const data = rpmDbSqliteWithRows(50, Buffer.from("not a header"));
  assert.match(rejected(readSqliteRpmDb(data, { ...defaultSqliteLimits(data.length), maxRows: 20 })), /more than 20 rows/);
  const under = readSqliteRpmDb(data, { ...defaultSqliteLimits(data.length), maxRows: 50 });
  assert.ok(typeof under === "object" && "values" in under && under.values.length === 50);
});

test("a read past its deadline is a rejection naming the time", () => {
  const data = readFileSync(MARINER);
  assert.match(rejected(readSqliteRpmDb(data, { deadlineMs: 0, maxRows: 100_000 })), /did not finish/);
});

test("parseRpmDb turns a rejection into FatalError PACKAGE_DB_REJECTED naming the file", () => {
  assert.throws(
    () => parseRpmDb("sqlite", hostileRpmDbSqlite("endless-view"), "var/lib/rpm/rpmdb.sqlite"),
    (e: unknown) =>
      isFatalError(e) &&
      e.code === "PACKAGE_DB_REJECTED" &&
      /^var\/lib\/rpm\/rpmdb\.sqlite: rpm database \(sqlite\) refused: Packages is a view/.test(e.message) &&
      !e.message.includes("\n"),
  );
});
