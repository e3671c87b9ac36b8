import assert from "node:assert/strict";
import { test } from "node:test";
import type { Digest } from "../core/digest.js";
import type { ScannedPackage } from "../core/package.js";
import type { FileTree, LayeredFileTree } from "../contracts/file-tree.js";
import type { PackageScanner } from "../contracts/scanner.js";
import { memoryTree } from "../../test/support/memory-tree.js";
import { attributeLayers } from "./attribute-layers.js";

const diffIds = [1, 2, 3, 4].map((n) => `sha256:${String(n).repeat(64)}` as Digest);

/** A layered tree from full snapshots of the wanted files after each layer. */
function layered(snapshots: Record<string, string>[]): LayeredFileTree {
  const trees = snapshots.map((s) => memoryTree(s));
  const last = trees[trees.length - 1]!;
  return {
    layerCount: trees.length,
    at: (i) => trees[i]!,
    changedIn: (i) => {
      const now = snapshots[i]!;
      const before = i === 0 ? {} : snapshots[i - 1]!;
      return [...new Set([...Object.keys(now), ...Object.keys(before)])].filter((p) => now[p] !== before[p]);
    },
    stat: (p) => last.stat(p),
    resolve: (p) => last.resolve(p),
    read: (p) => last.read(p),
    list: (p) => last.list(p),
    entries: () => last.entries(),
  };
}

/** A package database of "name version" lines. */
const scanner: PackageScanner = {
  id: "lines",
  version: 1,
  kind: "package",
  wants: ["var/lib/pkgs"],
  scan(tree: FileTree) {
    const text = tree.read("var/lib/pkgs")?.toString() ?? "";
    const found: ScannedPackage[] = text
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [name, version] = line.split(" ") as [string, string];
        return { name, version, type: "deb", arch: null, source: null, purl: `pkg:deb/x/${name}@${version}`, foundIn: "var/lib/pkgs" };
      });
    return { found, problems: [] };
  },
};

test("each package is tied to the first layer from which its final version stays present", () => {
  const tree = layered([
    { "var/lib/pkgs": "base 1\nzlib 1\ntzdata 1\n" },
    { "var/lib/pkgs": "base 1\nzlib 2\ntzdata 1\nopenssl 3\n", "etc/motd": "hi" },
    { "var/lib/pkgs": "base 1\nzlib 2\nopenssl 3\n" }, // tzdata purged
    { "var/lib/pkgs": "base 1\nzlib 2\nopenssl 3\n", "etc/other": "x" }, // does not touch the database
  ]);
  const final = scanner.scan(tree, { distribution: null }).found;
  const got = Object.fromEntries(attributeLayers(tree, scanner, { distribution: null }, final, diffIds).map((p) => [p.name, diffIds.indexOf(p.layer)]));
  assert.deepEqual(got, { base: 0, zlib: 1, openssl: 1 });
});

test("a package removed and installed again is tied to the layer that re-added it", () => {
  const tree = layered([{ "var/lib/pkgs": "curl 7\n" }, { "var/lib/pkgs": "" }, { "var/lib/pkgs": "curl 7\n" }]);
  const final = scanner.scan(tree, { distribution: null }).found;
  const [curl] = attributeLayers(tree, scanner, { distribution: null }, final, diffIds);
  assert.equal(curl?.layer, diffIds[2]);
});
