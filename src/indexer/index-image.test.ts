import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import { ecosystems } from "../ecosystems/index.js";
import { buildLayeredTree, createOciArchiveSource } from "../image/index.js";
import { indexImage, indexImageWithTree, type IndexOptions } from "./index-image.js";

const archive = sharedPath("images", "debian-bookworm.oci.tar");

function options(extraWants?: readonly string[]): IndexOptions {
  const eco = ecosystems.debian;
  return {
    platform: { os: "linux", architecture: "amd64" },
    distributionScanners: eco.distributionScanners,
    packageScanners: eco.packageScanners,
    buildTree: buildLayeredTree,
    maxFileSize: 64 * 1024 * 1024,
    ...(extraWants ? { extraWants } : {}),
  };
}

describe("indexImageWithTree", () => {
  it("buffers extra wants in the same read and leaves the index unchanged", async () => {
    const source = createOciArchiveSource(archive, "bookworm-minbase");
    try {
      const plain = await indexImage(source, options());
      const withTree = await indexImageWithTree(source, options(["etc/passwd", "etc/shadow"]));
      assert.deepEqual(withTree.report, plain);
      assert.equal(plain.packages.length, 88);
      assert.match(withTree.tree.read("etc/passwd")?.toString("utf8") ?? "", /^root:x:0:0:/);
      assert.equal(withTree.image.config?.config.User ?? "", "");
      assert.equal(withTree.image.layers.length, 1);
    } finally {
      await source.close();
    }
  });

  it("does not buffer files nobody asked for", async () => {
    const source = createOciArchiveSource(archive, "bookworm-minbase");
    try {
      const { tree } = await indexImageWithTree(source, options());
      assert.ok(tree.stat("etc/passwd"), "metadata is always there");
      assert.equal(tree.read("etc/passwd"), undefined);
    } finally {
      await source.close();
    }
  });
});
