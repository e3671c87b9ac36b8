import assert from "node:assert/strict";
import { test } from "node:test";
import { isFatalError } from "../core/problem.js";
import { parseDuration } from "./duration.js";
import { databaseSpec } from "./stores.js";

test("one duration grammar: 90s, 15m, 6h, 7d, 1s, 0 and bare seconds", () => {
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("15m"), 15 * 60_000);
  assert.equal(parseDuration("6h"), 6 * 3_600_000);
  assert.equal(parseDuration("7d"), 7 * 86_400_000);
  // `--db-max-age 1s` and `updatePeriod: 0` (off) are in the same grammar.
  assert.equal(parseDuration("1s"), 1000);
  assert.equal(parseDuration("0"), 0);
  assert.equal(parseDuration("1.5h"), 5_400_000);
  // A bare number is seconds, as `--timeout 30` and `updatePeriod: 21600` always were (not ms's milliseconds).
  assert.equal(parseDuration("30"), 30_000);
  assert.equal(parseDuration(21600), 21_600_000);
});

test("a duration outside the grammar is CONFIG_INVALID naming the setting", () => {
  for (const bad of ["7 days", "1w", "-5m", "", "h", "10ms"]) {
    assert.throws(
      () => parseDuration(bad, "--db-max-age"),
      (e: unknown) =>
        isFatalError(e) && e.code === "CONFIG_INVALID" && e.message.startsWith("--db-max-age: invalid duration") && /90s, 15m, 6h or 7d/.test(e.hint ?? ""),
      bad,
    );
  }
  assert.throws(
    () => parseDuration(-1, "updatePeriod"),
    (e: unknown) => isFatalError(e) && /updatePeriod/.test(e.message),
  );
});

test("--db without a scheme is a SQLite path; schemes pass through to the stores", () => {
  assert.equal(databaseSpec("./claro.sqlite"), "sqlite:./claro.sqlite");
  assert.equal(databaseSpec("/var/lib/claro/db.sqlite"), "sqlite:/var/lib/claro/db.sqlite");
  assert.equal(databaseSpec("sqlite:/tmp/a.sqlite"), "sqlite:/tmp/a.sqlite");
  assert.equal(databaseSpec("sqlite::memory:"), "sqlite::memory:");
  assert.equal(databaseSpec("postgres://claro@db:5432/claro?schema=x"), "postgres://claro@db:5432/claro?schema=x");
  // An unknown scheme is not silently a file named "mysql://…": the store refuses it by name.
  assert.equal(databaseSpec("mysql://db/claro"), "mysql://db/claro");
  assert.equal(databaseSpec(undefined), undefined);
  assert.equal(databaseSpec("  "), undefined);
});
