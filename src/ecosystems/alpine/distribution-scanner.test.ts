import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alpine3203File, alpine396File } from "../../formats/apk/testdata/image-files.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { alpineDistributionScanner } from "./distribution-scanner.js";

describe("alpine distribution scanner", () => {
  it("alpine 3.9.6 from the image's os-release: full VERSION_ID, no codename", () => {
    const tree = memoryTree({ "etc/os-release": alpine396File("etc/os-release"), "etc/alpine-release": alpine396File("etc/alpine-release") });
    assert.deepEqual(alpineDistributionScanner.scan(tree).found, [{ id: "alpine", versionId: "3.9.6", codename: null, prettyName: "Alpine Linux v3.9" }]);
  });

  it("alpine 3.20.3 from the image's os-release; usr/lib/os-release when etc has none", () => {
    const text = alpine3203File("etc/os-release");
    assert.equal(alpineDistributionScanner.scan(memoryTree({ "etc/os-release": text })).found[0]?.versionId, "3.20.3");
    const moved = memoryTree({ "etc/os-release": { symlink: "../usr/lib/os-release" }, "usr/lib/os-release": text });
    assert.equal(alpineDistributionScanner.scan(moved).found[0]?.versionId, "3.20.3");
  });

  it("falls back to etc/alpine-release without os-release", () => {
    const tree = memoryTree({ "etc/alpine-release": "3.9.6\n" });
    assert.deepEqual(alpineDistributionScanner.scan(tree).found, [{ id: "alpine", versionId: "3.9.6", codename: null, prettyName: null }]);
  });

  it("another distribution's os-release wins over a stray alpine-release; nothing found is not an error", () => {
    const tree = memoryTree({ "etc/os-release": "ID=wolfi\n", "etc/alpine-release": "3.9.6\n" });
    assert.deepEqual(alpineDistributionScanner.scan(tree), { found: [], problems: [] });
    assert.deepEqual(alpineDistributionScanner.scan(memoryTree({})), { found: [], problems: [] });
  });

  it("a garbage alpine-release is a problem, not a distribution", () => {
    const r = alpineDistributionScanner.scan(memoryTree({ "etc/alpine-release": "hello\n" }));
    assert.equal(r.found.length, 0);
    assert.equal(r.problems[0]?.kind, "malformed-record");
  });
});
