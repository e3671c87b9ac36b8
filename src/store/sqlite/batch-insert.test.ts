import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { BatchInsert } from "./batch-insert.js";

describe("BatchInsert", () => {
  it("writes every row, in order, whether or not the count fills the last batch", () => {
    for (const n of [0, 1, 31, 32, 33, 64, 65, 100]) {
      const db = new Database(":memory:");
      db.exec("CREATE TABLE t (seq INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER, c TEXT)");
      const insert = new BatchInsert(db, "t", ["a", "b", "c"]);
      const want = Array.from({ length: n }, (_, i) => ({ a: `row ${i}`, b: i * 7, c: i % 3 === 0 ? null : `c${i}` }));
      for (const r of want) insert.add([r.a, r.b, r.c]);
      insert.flush();
      insert.flush();
      assert.deepEqual(db.prepare("SELECT a, b, c FROM t ORDER BY seq").all(), want, `${n} rows`);
      db.close();
    }
  });

  it("fails on the batch that holds a bad row and refuses a row of the wrong width", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (seq INTEGER PRIMARY KEY, a TEXT NOT NULL CHECK (a <> 'bad'))");
    const insert = new BatchInsert(db, "t", ["a"]);
    assert.throws(() => insert.add(["x", "y"]), TypeError);
    for (let i = 0; i < 31; i++) insert.add([`ok ${i}`]);
    assert.throws(() => insert.add(["bad"]), /CHECK constraint failed/);
    const tail = new BatchInsert(db, "t", ["a"]);
    tail.add(["bad"]);
    assert.throws(() => tail.flush(), /CHECK constraint failed/);
    db.close();
  });
});
