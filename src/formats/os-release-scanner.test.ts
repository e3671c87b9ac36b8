import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryTree } from "../../test/support/memory-tree.js";
import { osReleaseDistributionScanner, standardRelease } from "./os-release-scanner.js";

const scanner = osReleaseDistributionScanner({
  id: "demo-release",
  version: 3,
  ids: ["demo", "demo-lts"],
  wants: ["etc/demo-release"],
  withoutOsRelease: (tree) => {
    const v = tree.read("etc/demo-release")?.toString("utf8").trim();
    return { found: v ? [{ id: "demo", versionId: v, codename: null, prettyName: null }] : [], problems: [] };
  },
});
const scan = (files: Record<string, string>) => scanner.scan(memoryTree(files));

test("the shared scanner: wants both os-release paths plus the distribution's files, keeps its id and version", () => {
  assert.deepEqual(scanner.wants, ["etc/os-release", "usr/lib/os-release", "etc/demo-release"]);
  assert.equal(scanner.id, "demo-release");
  assert.equal(scanner.version, 3);
});

test("etc/os-release wins over usr/lib; each of the ids is taken; another ID is not this distribution and no problem", () => {
  const got = scan({
    "etc/os-release": 'ID=demo-lts\nVERSION_ID="2.1"\nVERSION_CODENAME=owl\nPRETTY_NAME="Demo 2.1"\n',
    "usr/lib/os-release": "ID=demo\nVERSION_ID=1\n",
  });
  assert.deepEqual(got, { found: [{ id: "demo-lts", versionId: "2.1", codename: "owl", prettyName: "Demo 2.1" }], problems: [] });
  assert.deepEqual(
    scan({ "usr/lib/os-release": "ID=demo\nVERSION_ID=1\n" }).found.map((d) => d.versionId),
    ["1"],
  );
  // Another distribution's os-release: the fallback file (a derivative's copy) is not read.
  assert.deepEqual(scan({ "etc/os-release": "ID=other\nVERSION_ID=9\n", "etc/demo-release": "5" }), { found: [], problems: [] });
});

test("no VERSION_ID is a malformed-record problem at that file; without any os-release the fallback decides", () => {
  assert.deepEqual(scan({ "etc/os-release": "ID=demo\n" }), {
    found: [],
    problems: [{ kind: "malformed-record", path: "etc/os-release", line: null, detail: "demo os-release without VERSION_ID" }],
  });
  assert.deepEqual(
    scan({ "etc/demo-release": "5\n" }).found.map((d) => `${d.id}:${d.versionId}`),
    ["demo:5"],
  );
  assert.deepEqual(scan({}), { found: [], problems: [] });
  const labelled = standardRelease("Demo Linux")({ ID: "demo" }, memoryTree({}), "etc/os-release");
  assert.equal(labelled, "Demo Linux os-release without VERSION_ID");
});
