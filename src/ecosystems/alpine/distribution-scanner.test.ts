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

  // Issue 12 (10): the branch /etc/apk/repositories installs from is the release that matters.
  it("repositories on edge (or a newer branch) than os-release: that branch is the release; tagged and commented lines do not count", () => {
    const osRelease = alpine3203File("etc/os-release");
    const edge = memoryTree({
      "etc/os-release": osRelease,
      "etc/apk/repositories": "https://dl-cdn.alpinelinux.org/alpine/edge/main\nhttps://dl-cdn.alpinelinux.org/alpine/edge/community\n",
    });
    assert.deepEqual(alpineDistributionScanner.scan(edge).found, [{ id: "alpine", versionId: "edge", codename: null, prettyName: "Alpine Linux v3.20" }]);
    const newer = memoryTree({
      "etc/os-release": osRelease,
      "etc/apk/repositories": "# old\nhttp://mirror.example/alpine/v3.21/main\n@testing https://dl-cdn.alpinelinux.org/alpine/edge/testing\n",
    });
    assert.equal(alpineDistributionScanner.scan(newer).found[0]?.versionId, "3.21");
    const same = memoryTree({ "etc/os-release": osRelease, "etc/apk/repositories": "https://dl-cdn.alpinelinux.org/alpine/v3.20/main\n" });
    assert.equal(alpineDistributionScanner.scan(same).found[0]?.versionId, "3.20.3");
  });

  it("a file system with only a repositories file is Alpine of that branch", () => {
    const tree = memoryTree({ "etc/apk/repositories": "https://dl-cdn.alpinelinux.org/alpine/v3.19/main\n" });
    assert.deepEqual(alpineDistributionScanner.scan(tree).found, [{ id: "alpine", versionId: "3.19", codename: null, prettyName: null }]);
    const edge = memoryTree({ "etc/apk/repositories": "https://dl-cdn.alpinelinux.org/alpine/edge/main\n" });
    assert.equal(alpineDistributionScanner.scan(edge).found[0]?.versionId, "edge");
    assert.deepEqual(alpineDistributionScanner.scan(memoryTree({ "etc/apk/repositories": "https://example.com/packages\n" })).found, []);
  });

  it("a garbage alpine-release is a problem, not a distribution", () => {
    const r = alpineDistributionScanner.scan(memoryTree({ "etc/alpine-release": "hello\n" }));
    assert.equal(r.found.length, 0);
    assert.equal(r.problems[0]?.kind, "malformed-record");
  });
});
