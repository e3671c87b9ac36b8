import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { fedora } from "./index.js";

// Each case reproduces the release's published os-release / fedora-release text.
const CASES = join(import.meta.dirname, "testdata", "dist");

for (const name of readdirSync(CASES).sort()) {
  test(`testdata/dist/${name}`, () => {
    const want = JSON.parse(readFileSync(join(CASES, name, "want.json"), "utf8")) as unknown;
    const got = fedora.distributionScanners[0]!.scan(memoryTreeFromDir(join(CASES, name)));
    assert.deepEqual({ found: got.found }, want);
    assert.deepEqual(got.problems, []);
  });
}

test("Fedora packages are listed by the shared rpm scanner but never matched, and the scan says why", async () => {
  assert.equal(fedora.packageScanners[0]!.id, "rpm");
  const f39 = { id: "fedora", versionId: "39", codename: null, prettyName: "Fedora Linux 39 (Container Image)" };
  const pkg = {
    name: "bash",
    version: "5.2.21-1.fc39",
    type: "rpm" as const,
    arch: "x86_64",
    source: null,
    purl: "pkg:rpm/fedora/bash@5.2.21-1.fc39",
    layer: `sha256:${"0".repeat(64)}` as const,
    foundIn: "var/lib/rpm/rpmdb.sqlite",
  };
  assert.equal(fedora.matcher.handles(pkg, f39), false);
  assert.deepEqual(await fedora.updaters({ kind: "upstream" }, { get: () => Promise.reject(new Error("no fetch expected")), listDir: async () => [] }), []);
});
