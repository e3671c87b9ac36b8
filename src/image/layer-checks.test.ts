import assert from "node:assert/strict";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { compress } from "zstd-napi";
import { isFatalError, type FatalCode } from "../core/problem.js";
import { buildLayeredTree } from "./build-tree.js";
import { createDockerArchiveSource } from "./docker-archive.js";
import { sha256Digest } from "./digests.js";
import { createOciLayoutSource } from "./oci-layout.js";
import { gzip, makeTar, writeDockerArchive, writeOciLayout, type LayerSpec } from "./testdata/synthetic.js";
import type { ImageSource } from "../contracts/image-source.js";

// Issue 9 §8 (layouts open only regular files inside them), §11 (a layer is a tar) and §12 (every
// layer's tar matches its diff_id), in process; test/hostile/layers.test.ts runs the CLI on them.

const amd64 = { platform: { os: "linux", architecture: "amd64" } } as const;
const WANTS = ["etc/os-release"];
/** Each case ends at once when correct; a read of /dev/zero would run into this instead. */
const LIMIT = { timeout: 30_000 } as const;

async function scan(source: ImageSource) {
  const image = await source.resolve(amd64);
  return buildLayeredTree(source, image, { wants: WANTS, maxFileSize: 1 << 20 });
}

const layout = async (layers: LayerSpec[]): Promise<string> => writeOciLayout(layers);

async function fails(p: Promise<unknown>, code: FatalCode, pattern: RegExp): Promise<void> {
  const e = await p.then(
    () => assert.fail(`expected ${code}`),
    (err: unknown) => err,
  );
  assert.ok(isFatalError(e), `expected FatalError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  assert.doesNotMatch(e.message, /\n/);
  assert.match(e.message, pattern);
}

const osRelease = (id: string): Promise<Buffer> => makeTar([{ name: "etc/os-release", content: `ID=${id}\n` }]);

describe("§8: oci: layouts", () => {
  /** A one-layer layout and the path of its layer blob. */
  async function withBlob(): Promise<{ dir: string; blob: string }> {
    const tar = await osRelease("layout");
    const dir = await layout([{ tar }]);
    return { dir, blob: join(dir, "blobs", "sha256", sha256Digest(gzip(tar)).slice(7)) };
  }

  it("a layer blob linked to /dev/zero is UNSAFE_PATH, not read forever", LIMIT, async () => {
    const { dir, blob } = await withBlob();
    await rm(blob);
    await symlink("/dev/zero", blob);
    await fails(scan(createOciLayoutSource(dir, "test")), "UNSAFE_PATH", /blobs\/sha256\/[0-9a-f]{64} links outside the layout \(to \/dev\/zero\)/);
  });

  it("a layer blob linked to a regular file outside the layout is UNSAFE_PATH", LIMIT, async () => {
    const { dir, blob } = await withBlob();
    const outside = join(await mkdtemp(join(tmpdir(), "claro-outside-")), "blob");
    await rename(blob, outside);
    await symlink(outside, blob);
    await fails(scan(createOciLayoutSource(dir, "test")), "UNSAFE_PATH", /links outside the layout/);
  });

  it("a link that stays inside the layout to a regular file is followed", LIMIT, async () => {
    const { dir, blob } = await withBlob();
    await mkdir(join(dir, "shared"));
    await rename(blob, join(dir, "shared", "layer"));
    await symlink("../../shared/layer", blob);
    const tree = await scan(createOciLayoutSource(dir, "test"));
    assert.equal(tree.read("etc/os-release")?.toString(), "ID=layout\n");
  });

  it("a directory where a blob should be is ARCHIVE_CORRUPT", LIMIT, async () => {
    const { dir, blob } = await withBlob();
    await rm(blob);
    await mkdir(blob);
    await fails(scan(createOciLayoutSource(dir, "test")), "ARCHIVE_CORRUPT", /is a directory, not a regular file/);
  });

  it("a layer blob whose size differs from its descriptor is ARCHIVE_CORRUPT before it is read", LIMIT, async () => {
    const { dir, blob } = await withBlob();
    await writeFile(blob, Buffer.alloc(4096));
    await fails(scan(createOciLayoutSource(dir, "test")), "ARCHIVE_CORRUPT", /is 4096 bytes, but its descriptor says \d+/);
  });

  it("an index.json over the metadata limit is ARCHIVE_CORRUPT", LIMIT, async () => {
    const { dir } = await withBlob();
    await writeFile(join(dir, "index.json"), Buffer.alloc((8 << 20) + 1, 0x20));
    await fails(createOciLayoutSource(dir, "test").resolve(amd64), "ARCHIVE_CORRUPT", /index\.json is 8388609 bytes or more, too large for metadata/);
  });
});

describe("§11: a layer must be a tar", () => {
  const text = Buffer.from("<html>an internal service said hello</html>\n");

  it("text, plain or gzip'd or zstd'd, is LAYER_CORRUPT, not an empty layer", LIMIT, async () => {
    await fails(scan(createOciLayoutSource(await layout([{ tar: text, blob: text }]), "test")), "LAYER_CORRUPT", /the 44-byte blob is not a tar/);
    await fails(scan(createOciLayoutSource(await layout([{ tar: text }]), "test")), "LAYER_CORRUPT", /the 44 bytes inside the gzip blob are not a tar/);
    await fails(
      scan(createOciLayoutSource(await layout([{ tar: text, blob: compress(text) }]), "test")),
      "LAYER_CORRUPT",
      /the 44 bytes inside the zstd blob are not a tar/,
    );
  });

  it("a gzip stream of nothing is LAYER_CORRUPT", LIMIT, async () => {
    await fails(scan(createOciLayoutSource(await layout([{ tar: Buffer.alloc(0) }]), "test")), "LAYER_CORRUPT", /holds no data, so no tar/);
  });

  it("Docker's empty layer (1024 zero bytes, gzip'd) and a lone end block are empty layers", LIMIT, async () => {
    for (const tar of [Buffer.alloc(1024), Buffer.alloc(512)]) {
      const tree = await scan(createOciLayoutSource(await layout([{ tar }, { tar: await osRelease("after-empty") }]), "test"));
      assert.equal(tree.read("etc/os-release")?.toString(), "ID=after-empty\n");
    }
  });
});

describe("§12: diff_ids", () => {
  const wrong = `sha256:${"d1".repeat(32)}`;

  it("an OCI layer whose tar does not match its diff_id is DIGEST_MISMATCH: gzip, zstd and plain", LIMIT, async () => {
    const tar = await osRelease("diff");
    for (const blob of [gzip(tar), compress(tar), tar]) {
      await fails(
        scan(createOciLayoutSource(await layout([{ tar, blob, diffId: wrong }]), "test")),
        "DIGEST_MISMATCH",
        new RegExp(`uncompressed tar has digest ${sha256Digest(tar)}, but the config's diff_id is ${wrong}`),
      );
    }
  });

  it("docker-archive: a swapped gzip layer is DIGEST_MISMATCH; true ones, gzip'd or not, pass", LIMIT, async () => {
    const tar = await osRelease("docker");
    const swapped = gzip(await osRelease("swapped"));
    await fails(
      scan(createDockerArchiveSource(await writeDockerArchive([{ blob: swapped, diffId: sha256Digest(tar) }]))),
      "DIGEST_MISMATCH",
      /uncompressed tar has digest/,
    );
    for (const blob of [gzip(tar), tar]) {
      const tree = await scan(createDockerArchiveSource(await writeDockerArchive([{ tar, blob }])));
      assert.equal(tree.read("etc/os-release")?.toString(), "ID=docker\n");
    }
  });
});
