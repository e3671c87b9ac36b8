import assert from "node:assert/strict";
import { test } from "node:test";
import { ecosystems } from "../ecosystems/index.js";
import { END_OF_LIFE, endOfLife, isEndOfLife, ROLLING } from "./end-of-life.js";

/** The os-release ids each distribution ecosystem's scanners report. */
const IDS: Readonly<Record<string, readonly string[]>> = {
  almalinux: ["almalinux"],
  alpine: ["alpine"],
  amazon: ["amzn"],
  chainguard: ["chainguard"],
  debian: ["debian"],
  fedora: ["fedora"],
  mariner: ["mariner", "azurelinux"],
  oracle: ["ol"],
  photon: ["photon"],
  rhel: ["rhel", "centos"],
  rocky: ["rocky"],
  suse: ["sles", "opensuse-leap", "opensuse-tumbleweed"],
  ubuntu: ["ubuntu"],
  wolfi: ["wolfi"],
};

const byVersion = (a: string, b: string): number => {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

test("the table is complete: every distribution claro detects has a row (or is rolling)", () => {
  const withDistributions = Object.values(ecosystems)
    .filter((e) => e.distributionScanners.length > 0)
    .map((e) => e.name)
    .sort();
  assert.deepEqual(withDistributions, Object.keys(IDS).sort(), "a new distribution needs its ids here and its releases in END_OF_LIFE");
  for (const id of Object.values(IDS).flat()) assert.ok(END_OF_LIFE[id] !== undefined || ROLLING.has(id), `${id}: no end-of-life row`);
});

test("the table is sorted by id, then by release, with ISO dates", () => {
  const ids = Object.keys(END_OF_LIFE);
  assert.deepEqual(ids, [...ids].sort());
  for (const [id, rows] of Object.entries(END_OF_LIFE)) {
    const releases = rows.map((r) => r[0]);
    assert.deepEqual(releases, [...releases].sort(byVersion), id);
    for (const [, date] of rows) assert.match(date, /^\d{4}-\d{2}-\d{2}$/, id);
  }
});

test("releases match by VERSION_ID prefix at a dot, never 3.1 for 3.10; unknown is null", () => {
  assert.equal(endOfLife({ id: "alpine", versionId: "3.9.6" }), "2020-11-01");
  assert.equal(endOfLife({ id: "alpine", versionId: "3.10.2" }), "2021-05-01");
  assert.equal(endOfLife({ id: "debian", versionId: "12" }), "2028-06-30");
  assert.equal(endOfLife({ id: "rhel", versionId: "8.10" }), "2029-05-31");
  assert.equal(endOfLife({ id: "amzn", versionId: "2018.03" }), "2023-12-31");
  assert.equal(endOfLife({ id: "wolfi", versionId: "20230201" }), null);
  assert.equal(endOfLife({ id: "alpine", versionId: "9.9" }), null);
  assert.equal(isEndOfLife({ id: "alpine", versionId: "3.9.6" }, "2026-12-07"), true);
  assert.equal(isEndOfLife({ id: "debian", versionId: "12" }, "2026-12-07"), false);
});
