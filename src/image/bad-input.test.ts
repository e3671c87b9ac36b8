import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, open, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import { isFatalError, type FatalCode } from "../core/problem.js";
import { buildLayeredTree } from "./build-tree.js";
import { createDirSource } from "./dir-source.js";
import { createOciArchiveSource, createOciLayoutSource } from "./oci-layout.js";
import { gzip, makeTar, writeOciLayout, type LayerSpec } from "./testdata/synthetic.js";

const amd64 = { platform: { os: "linux", architecture: "amd64" } } as const;
const WANTS = ["etc/os-release", "usr/lib/os-release", "var/lib/dpkg/status", "etc/passwd"];

async function fails(p: Promise<unknown>, code: FatalCode, pattern?: RegExp): Promise<void> {
  const e = await p.then(
    () => assert.fail(`expected ${code}`),
    (err: unknown) => err,
  );
  assert.ok(isFatalError(e), `expected FatalError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  assert.doesNotMatch(e.message, /\n/);
  if (pattern) assert.match(e.message, pattern);
}

async function treeOf(layers: LayerSpec[], maxFileSize = 1 << 20) {
  const source = createOciLayoutSource(await writeOciLayout(layers), "test");
  const image = await source.resolve(amd64);
  return buildLayeredTree(source, image, { wants: WANTS, maxFileSize });
}

describe("bad input", () => {
  it("a truncated oci-archive is ARCHIVE_CORRUPT", async () => {
    const dir = await mkdtemp(join(tmpdir(), "claro-trunc-"));
    const copy = join(dir, "alpine.tar");
    await copyFile(sharedPath("images", "alpine-3.20.3.oci.tar"), copy);
    const fh = await open(copy, "r+");
    await fh.truncate(((await fh.stat()).size / 2) | 0);
    await fh.close();
    await fails(createOciArchiveSource(copy, "3.20.3").resolve(amd64), "ARCHIVE_CORRUPT", /truncated/);
  });

  it("a file that is not a tar at all is ARCHIVE_CORRUPT", async () => {
    const dir = await mkdtemp(join(tmpdir(), "claro-garbage-"));
    await writeFile(join(dir, "x.tar"), Buffer.alloc(4096, 0x41));
    await fails(createOciArchiveSource(join(dir, "x.tar"), null).resolve(amd64), "ARCHIVE_CORRUPT", /corrupt header/);
  });

  it("a corrupt gzip layer is LAYER_CORRUPT", async () => {
    const tar = await makeTar([{ name: "etc/os-release", content: "ID=test\n".repeat(2000) }]);
    const blob = gzip(tar);
    for (let i = 40; i < blob.length - 40; i += 7) blob[i] = blob[i]! ^ 0x5a;
    await fails(treeOf([{ tar, blob }]), "LAYER_CORRUPT", /layer 1\/1/);
  });

  it("a tar whose last entry is cut short is LAYER_CORRUPT", async () => {
    const tar = await makeTar([{ name: "a", content: "x".repeat(3000) }]);
    await fails(treeOf([{ tar, blob: gzip(tar.subarray(0, 2048)) }]), "LAYER_CORRUPT", /truncated/);
  });

  it("a tar without the last padding and end blocks (umoci) is accepted, as Go's archive/tar does", async () => {
    const tar = await makeTar([
      { name: "etc/os-release", content: "ID=umoci\n" },
      { name: "z", content: "x".repeat(700) },
    ]);
    const cut = tar.subarray(0, 512 + 512 + 512 + 700); // headers + data, no padding, no end blocks
    const tree = await treeOf([{ tar: cut }]);
    assert.equal(tree.read("etc/os-release")?.toString(), "ID=umoci\n");
    assert.equal(tree.stat("z")?.size, 700);
  });

  it("a blob whose content does not match its digest is DIGEST_MISMATCH naming both digests", async () => {
    const tar = await makeTar([{ name: "etc/os-release", content: "ID=x\n" }]);
    const wrong = `sha256:${"ab".repeat(32)}`;
    await fails(treeOf([{ tar, digest: wrong }]), "DIGEST_MISMATCH", new RegExp(`sha256:[0-9a-f]{64}, expected ${wrong}`));
  });

  it("a manifest blob that does not match its digest is DIGEST_MISMATCH", async () => {
    const dir = await writeOciLayout([{ tar: await makeTar([{ name: "a", content: "a" }]) }]);
    const index = JSON.parse((await import("node:fs")).readFileSync(join(dir, "index.json"), "utf8")) as { manifests: { digest: string }[] };
    await writeFile(join(dir, "blobs", "sha256", index.manifests[0]!.digest.slice(7)), JSON.stringify({ schemaVersion: 2, config: {}, layers: [] }));
    await fails(createOciLayoutSource(dir, "test").resolve(amd64), "DIGEST_MISMATCH", /manifest/);
  });

  it("an unknown ref in a layout is IMAGE_NOT_FOUND listing the refs", async () => {
    const dir = await writeOciLayout([{ tar: await makeTar([{ name: "a", content: "a" }]) }]);
    await fails(createOciLayoutSource(dir, "nope").resolve(amd64), "IMAGE_NOT_FOUND", /'nope'; refs: test/);
  });

  it("a ../ tar entry is UNSAFE_PATH", async () => {
    const tar = await makeTar([
      { name: "etc/ok", content: "1" },
      { name: "../../etc/evil", content: "pwned" },
    ]);
    await fails(treeOf([{ tar }]), "UNSAFE_PATH", /\.\.\/\.\.\/etc\/evil/);
  });

  it("absolute and ../ symlinks resolve inside the image root, never on the host", async () => {
    const tar = await makeTar([
      { name: "etc/", type: "directory" },
      { name: "etc/passwd", content: "root:x:0:0:image-root:/root:/bin/sh\n" },
      { name: "etc/os-release", type: "symlink", linkname: "/etc/passwd" },
      { name: "usr/lib/os-release", type: "symlink", linkname: "../../../../../../etc/passwd" },
      { name: "var/lib/dpkg/status", type: "symlink", linkname: "/var/lib/dpkg/status" },
    ]);
    const tree = await treeOf([{ tar }]);
    assert.equal(tree.resolve("etc/os-release"), "etc/passwd");
    assert.equal(tree.read("etc/os-release")?.toString(), "root:x:0:0:image-root:/root:/bin/sh\n");
    assert.equal(tree.resolve("usr/lib/os-release"), "etc/passwd");
    assert.equal(tree.read("/../../usr/lib/os-release")?.toString(), "root:x:0:0:image-root:/root:/bin/sh\n");
    assert.equal(tree.resolve("var/lib/dpkg/status"), undefined, "a loop gives undefined");
    assert.equal(tree.read("var/lib/dpkg/status"), undefined);
  });

  it("a decompression bomb for a wanted path is FILE_TOO_LARGE without buffering it", async () => {
    const tar = await makeTar([{ name: "var/lib/dpkg/status", content: Buffer.alloc(8 << 20) }]);
    const blob = gzip(tar);
    assert.ok(blob.length < 64 << 10);
    await fails(treeOf([{ tar, blob }], 1 << 20), "FILE_TOO_LARGE", /var\/lib\/dpkg\/status is 8388608 bytes, over the 1048576-byte limit/);
  });

  it("the same file, unwanted, is only drained", async () => {
    const tar = await makeTar([{ name: "big.bin", content: Buffer.alloc(8 << 20) }]);
    const tree = await treeOf([{ tar }], 1 << 20);
    assert.equal(tree.stat("big.bin")?.size, 8 << 20);
    assert.equal(tree.read("big.bin"), undefined);
  });
});

describe("dir: source", () => {
  it("walks a root filesystem as one layer; symlinks stay inside it", async () => {
    const root = await mkdtemp(join(tmpdir(), "claro-rootfs-"));
    await mkdir(join(root, "etc"));
    await mkdir(join(root, "usr", "lib"), { recursive: true });
    await writeFile(join(root, "usr", "lib", "os-release"), "ID=dirtest\n");
    await writeFile(join(root, "etc", "passwd"), "root:x:0:0:in-root:/root:/bin/sh\n");
    await symlink("../usr/lib/os-release", join(root, "etc", "os-release"));
    await symlink("/etc/passwd", join(root, "etc", "abs-link"));
    const source = createDirSource(root);
    const image = await source.resolve(amd64);
    assert.equal(image.layers.length, 1);
    assert.equal(image.layers[0]!.mediaType, "application/vnd.claro.rootfs");
    const tree = await buildLayeredTree(source, image, { wants: WANTS, maxFileSize: 1 << 20 });
    assert.equal(tree.read("etc/os-release")?.toString(), "ID=dirtest\n");
    assert.equal(tree.resolve("etc/abs-link"), "etc/passwd");
    assert.equal(tree.read("etc/abs-link")?.toString(), "root:x:0:0:in-root:/root:/bin/sh\n");
    assert.equal(tree.stat("etc/os-release")?.layer, image.layers[0]!.diffId);
    assert.deepEqual([...tree.changedIn(0)].sort(), ["etc/os-release", "etc/passwd", "usr/lib/os-release"]);
  });

  it("a wanted file over the cap is FILE_TOO_LARGE", async () => {
    const root = await mkdtemp(join(tmpdir(), "claro-rootfs-"));
    await mkdir(join(root, "etc"));
    await writeFile(join(root, "etc", "os-release"), Buffer.alloc(4096));
    const source = createDirSource(root);
    await fails(buildLayeredTree(source, await source.resolve(amd64), { wants: WANTS, maxFileSize: 1024 }), "FILE_TOO_LARGE");
  });
});
