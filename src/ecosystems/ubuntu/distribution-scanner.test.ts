import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree, memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { ubuntuDistributionScanner } from "./distribution-scanner.js";
import { releaseOfCodename, releaseOfVersion, UBUNTU_RELEASES } from "./releases.js";

const CASES = join(import.meta.dirname, "testdata");

for (const name of readdirSync(CASES)
  .filter((n) => existsSync(join(CASES, n, "want.json")))
  .sort()) {
  test(`testdata/${name}`, () => {
    const want = JSON.parse(readFileSync(join(CASES, name, "want.json"), "utf8")) as unknown;
    const got = ubuntuDistributionScanner.scan(memoryTreeFromDir(join(CASES, name)));
    assert.deepEqual({ found: got.found }, want);
    assert.deepEqual(got.problems, []);
  });
}

test("ID=ubuntu without any version is a problem, not a guess", () => {
  const got = ubuntuDistributionScanner.scan(memoryTree({ "etc/os-release": "ID=ubuntu\nNAME=Ubuntu\n" }));
  assert.deepEqual(got.found, []);
  assert.equal(got.problems.length, 1);
});

test("releases: codenames, point releases and ESM coverage of the LTS releases", () => {
  assert.equal(releaseOfCodename("Jammy")?.version, "22.04");
  assert.equal(releaseOfVersion("22.04.4")?.codename, "jammy");
  assert.equal(releaseOfVersion("16.04")?.esm, true);
  assert.equal(releaseOfVersion("25.10")?.lts, false);
  assert.equal(releaseOfVersion("12.04")?.esm, false);
  assert.deepEqual(
    UBUNTU_RELEASES.filter((r) => r.esm).map((r) => r.codename),
    ["trusty", "xenial", "bionic", "focal", "jammy", "noble", "resolute"],
  );
});
