import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { fromReleaseLine, rhelDistributionScanner } from "./distribution-scanner.js";

const dir = join(import.meta.dirname, "testdata", "dist");

for (const name of readdirSync(dir).sort()) {
  test(`distribution detection: ${name} equals want.json`, () => {
    const want: unknown = JSON.parse(readFileSync(join(dir, name, "want.json"), "utf8"));
    const { found, problems } = rhelDistributionScanner.scan(memoryTreeFromDir(join(dir, name)));
    assert.deepEqual(found, want);
    // Only an unrecognisable release line is worth a problem; foreign distributions are silent.
    assert.equal(problems.length, name === "garbled-release" ? 1 : 0);
  });
}

test("release lines of the four families, including CentOS Stream and RHEL Workstation", () => {
  assert.equal(fromReleaseLine("CentOS Linux release 7.9.2009 (Core)")?.versionId, "7.9.2009");
  assert.equal(fromReleaseLine("CentOS Stream release 9")?.id, "centos");
  assert.equal(fromReleaseLine("Rocky Linux release 8.9 (Green Obsidian)")?.id, "rocky");
  assert.equal(fromReleaseLine("AlmaLinux release 9.3 (Shamrock Pike)")?.versionId, "9.3");
  assert.equal(fromReleaseLine("Red Hat Enterprise Linux Workstation release 7.9 (Maipo)")?.id, "rhel");
  assert.equal(fromReleaseLine("Fedora release 39 (Thirty Nine)"), null);
});
