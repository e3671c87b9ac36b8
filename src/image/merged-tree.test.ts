import assert from "node:assert/strict";
import { execSync } from "node:child_process";
import { before, describe, it } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import type { LayeredFileTree } from "../contracts/file-tree.js";
import type { ResolvedImage } from "../core/image.js";
import { buildLayeredTree } from "./build-tree.js";
import { createDockerArchiveSource } from "./docker-archive.js";
import { createOciArchiveSource } from "./oci-layout.js";

const amd64 = { platform: { os: "linux", architecture: "amd64" } } as const;
const debian = sharedPath("images", "debian-bookworm.oci.tar");
const WANTS = ["var/lib/dpkg/status", "var/lib/dpkg/status.d/*", "etc/os-release", "usr/lib/os-release", "lib/apk/db/installed"];

/** GNU tar's listing of one layer blob, normalised like claro normalises names: the oracle. */
const listings = new Map<string, string[]>();
function listLayer(digest: string): string[] {
  const cached = listings.get(digest);
  if (cached) return cached;
  const out = execSync(`tar -xOf '${debian}' blobs/sha256/${digest.slice(7)} | tar -tzf -`, { maxBuffer: 64 << 20 }).toString();
  const list = out
    .split("\n")
    .filter(Boolean)
    .map((p) => p.replace(/^\.\//, "").replace(/\/$/, ""))
    .filter(Boolean);
  listings.set(digest, list);
  return list;
}

describe("bookworm-multilayer merged tree (whiteouts across 5 layers)", () => {
  let tree: LayeredFileTree;
  let image: ResolvedImage;
  before(async () => {
    const source = createOciArchiveSource(debian, "bookworm-multilayer");
    image = await source.resolve(amd64);
    tree = await buildLayeredTree(source, image, { wants: WANTS, maxFileSize: 16 << 20 });
  });

  it("var/lib/dpkg/status comes from layer 3 (the tzdata purge) and no longer lists tzdata", () => {
    const e = tree.stat("var/lib/dpkg/status")!;
    assert.equal(e.layerIndex, 2);
    assert.equal(e.layer, image.layers[2]!.diffId);
    const final = tree.read("var/lib/dpkg/status")!.toString();
    assert.doesNotMatch(final, /^Package: tzdata$/m);
    assert.match(tree.at(1).read("var/lib/dpkg/status")!.toString(), /^Package: tzdata$/m);
    assert.deepEqual(tree.changedIn(2), ["var/lib/dpkg/status"]);
    assert.deepEqual(tree.changedIn(3), []);
  });

  it("file whiteouts remove etc/motd and usr/bin/fzf-tmux", () => {
    assert.ok(listLayer(image.layers[0]!.digest).includes("etc/motd"));
    assert.ok(listLayer(image.layers[1]!.digest).includes("usr/bin/fzf-tmux"));
    assert.ok(listLayer(image.layers[2]!.digest).includes("usr/bin/.wh.fzf-tmux"));
    assert.equal(tree.at(1).stat("etc/motd")?.layerIndex, 0);
    assert.equal(tree.at(1).stat("usr/bin/fzf-tmux")?.layerIndex, 1);
    assert.equal(tree.stat("etc/motd"), undefined);
    assert.equal(tree.stat("usr/bin/fzf-tmux"), undefined);
  });

  it("the directory whiteout removes all of usr/share/zoneinfo, which at(1) still has", () => {
    const lower = listLayer(image.layers[0]!.digest).filter((p) => p.startsWith("usr/share/zoneinfo/"));
    assert.ok(lower.length > 100);
    const at1 = tree
      .at(1)
      .list("usr/share/zoneinfo")
      .map((e) => e.path);
    assert.deepEqual(at1, [...new Set(lower)].sort());
    assert.deepEqual(tree.list("usr/share/zoneinfo"), []);
    assert.equal(tree.stat("usr/share/zoneinfo"), undefined);
  });

  it("the opaque usr/share/doc keeps only the README of its own layer", () => {
    assert.ok(tree.at(2).list("usr/share/doc").length > 50);
    const doc = tree.list("usr/share/doc");
    assert.deepEqual(
      doc.map((e) => e.path),
      ["usr/share/doc/README"],
    );
    assert.equal(doc[0]!.layerIndex, 3);
    assert.equal(tree.stat("usr/share/doc")?.type, "dir");
  });

  it("every live path is in the listing of the layer that last wrote it", () => {
    const listings = image.layers.map((l) => new Set(listLayer(l.digest)));
    let n = 0;
    for (const e of tree.entries()) {
      assert.ok(listings[e.layerIndex]!.has(e.path), `${e.path} not in layer ${e.layerIndex}`);
      for (let j = e.layerIndex + 1; j < listings.length; j++) assert.ok(!listings[j]!.has(e.path), `${e.path} rewritten in ${j}`);
      n++;
    }
    assert.ok(n > 5000);
  });

  it("os-release resolves through its relative symlink", () => {
    assert.equal(tree.stat("etc/os-release")?.type, "symlink");
    assert.equal(tree.resolve("etc/os-release"), "usr/lib/os-release");
    assert.match(tree.read("etc/os-release")!.toString(), /VERSION_CODENAME=bookworm/);
    assert.equal(tree.read("usr/bin/bash"), undefined, "unwanted content is not buffered");
    assert.equal(tree.stat("usr/bin/bash")?.type, "file");
  });
});

describe("alpine images", () => {
  it("3.20.3 gzip and zstd refs give the same tree, with zstd-napi and with the fzstd fallback", async () => {
    const path = sharedPath("images", "alpine-3.20.3.oci.tar");
    const trees = [];
    for (const [ref, zstdBackend] of [
      ["3.20.3", undefined],
      ["3.20.3-zstd", "zstd-napi"],
      ["3.20.3-zstd", "fzstd"],
    ] as const) {
      const source = createOciArchiveSource(path, ref);
      const image = await source.resolve(amd64);
      trees.push(await buildLayeredTree(source, image, { wants: WANTS, maxFileSize: 1 << 20, ...(zstdBackend ? { zstdBackend } : {}) }));
    }
    const shape = (t: LayeredFileTree): string => [...t.entries()].map((e) => `${e.path} ${e.type} ${e.size} ${e.mode} ${e.linkTarget ?? ""}`).join("\n");
    assert.ok([...trees[0]!.entries()].length > 400);
    assert.equal(shape(trees[1]!), shape(trees[0]!));
    assert.equal(shape(trees[2]!), shape(trees[0]!));
    const db = trees[0]!.read("lib/apk/db/installed")!;
    assert.deepEqual(trees[1]!.read("lib/apk/db/installed"), db);
    assert.deepEqual(trees[2]!.read("lib/apk/db/installed"), db);
    assert.equal(db.toString().match(/^P:/gm)?.length, 14);
  });

  it("3.9.6 docker-archive: the uncompressed layer verifies against its diffID", async () => {
    const source = createDockerArchiveSource(sharedPath("images", "alpine-3.9.6.docker.tar"));
    const image = await source.resolve(amd64);
    const tree = await buildLayeredTree(source, image, { wants: WANTS, maxFileSize: 1 << 20 });
    assert.equal(tree.read("lib/apk/db/installed")!.toString().match(/^P:/gm)?.length, 14);
    assert.match(tree.read("etc/os-release")!.toString(), /VERSION_ID=3\.9\.6/);
  });
});
