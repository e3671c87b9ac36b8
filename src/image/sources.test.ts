import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import { isFatalError, type FatalCode } from "../core/problem.js";
import { createDockerArchiveSource } from "./docker-archive.js";
import { createOciArchiveSource } from "./oci-layout.js";

const amd64 = { platform: { os: "linux", architecture: "amd64" } } as const;
const debian = sharedPath("images", "debian-bookworm.oci.tar");

/** Reads a member of an archive with GNU tar: an independent oracle for what claro parses. */
function tarCat(archive: string, member: string): Buffer {
  return execFileSync("tar", ["-xOf", archive, member], { maxBuffer: 64 << 20 });
}

async function rejectsWith(p: Promise<unknown>, code: FatalCode, pattern?: RegExp): Promise<string> {
  const e = await p.then(
    () => assert.fail(`expected ${code}`),
    (err: unknown) => err,
  );
  assert.ok(isFatalError(e), `expected FatalError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  assert.doesNotMatch(e.message, /\n/, "message is one line");
  if (pattern) assert.match(e.message, pattern);
  return e.message;
}

describe("oci-archive: debian-bookworm.oci.tar", () => {
  it("resolves bookworm-minbase to its manifest and one gzip layer", async () => {
    const img = await createOciArchiveSource(debian, "bookworm-minbase").resolve(amd64);
    const index = JSON.parse(tarCat(debian, "index.json").toString()) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    const want = index.manifests.find((m) => m.annotations["org.opencontainers.image.ref.name"] === "bookworm-minbase")!;
    assert.equal(img.digest, want.digest);
    assert.equal(img.indexDigest, null);
    assert.equal(img.layers.length, 1);
    const manifest = JSON.parse(tarCat(debian, `blobs/sha256/${want.digest.slice(7)}`).toString()) as {
      layers: { digest: string; size: number; mediaType: string }[];
      config: { digest: string };
    };
    const config = JSON.parse(tarCat(debian, `blobs/sha256/${manifest.config.digest.slice(7)}`).toString()) as { rootfs: { diff_ids: string[] } };
    assert.equal(img.layers[0]!.digest, manifest.layers[0]!.digest);
    assert.equal(img.layers[0]!.size, manifest.layers[0]!.size);
    assert.equal(img.layers[0]!.diffId, config.rootfs.diff_ids[0]);
    assert.equal(img.platform.architecture, "amd64");
  });

  it("resolves bookworm-multilayer with 5 layers and created_by from non-empty history", async () => {
    const img = await createOciArchiveSource(debian, "bookworm-multilayer").resolve(amd64);
    assert.equal(img.layers.length, 5);
    const config = img.config!;
    const steps = (config.history ?? []).filter((h) => !h.empty_layer).map((h) => h.created_by ?? null);
    assert.equal((config.history ?? []).length, 7);
    assert.deepEqual(
      img.layers.map((l) => l.createdBy),
      steps,
    );
    assert.deepEqual(
      img.layers.map((l) => l.diffId),
      config.rootfs.diff_ids,
    );
    assert.match(img.layers[2]!.createdBy ?? "", /purge -y tzdata/);
  });

  it("without a ref, lists the refs in an AMBIGUOUS_IMAGE error", async () => {
    await rejectsWith(createOciArchiveSource(debian, null).resolve(amd64), "AMBIGUOUS_IMAGE", /bookworm-minbase, bookworm-multilayer/);
  });

  it("an unknown ref is IMAGE_NOT_FOUND listing the refs", async () => {
    await rejectsWith(
      createOciArchiveSource(debian, "bookworm-nope").resolve(amd64),
      "IMAGE_NOT_FOUND",
      /bookworm-nope.*bookworm-minbase, bookworm-multilayer/,
    );
  });
});

describe("oci-archive: alpine-3.20.3.oci.tar", () => {
  const path = sharedPath("images", "alpine-3.20.3.oci.tar");
  it("resolves both refs; they share one config and differ in layer media type", async () => {
    const gz = await createOciArchiveSource(path, "3.20.3").resolve(amd64);
    const zs = await createOciArchiveSource(path, "3.20.3-zstd").resolve(amd64);
    assert.equal(gz.layers[0]!.mediaType, "application/vnd.oci.image.layer.v1.tar+gzip");
    assert.equal(zs.layers[0]!.mediaType, "application/vnd.oci.image.layer.v1.tar+zstd");
    assert.equal(gz.layers[0]!.diffId, zs.layers[0]!.diffId);
    assert.notEqual(gz.layers[0]!.digest, zs.layers[0]!.digest);
    assert.equal(gz.layers[0]!.size, 3_741_677);
    assert.equal(zs.layers[0]!.size, 3_650_559);
  });
});

describe("oci-archive: busybox-multiarch.oci.tar (image index)", () => {
  const path = sharedPath("images", "busybox-multiarch.oci.tar");
  const index = JSON.parse(tarCat(path, "blobs/sha256/a0901a548cabd410bf6517c9f575065c796e8e410e0c69d16ba1dc1095ae8bd6").toString()) as {
    manifests: { digest: string; platform: { architecture: string; variant?: string } }[];
  };
  const child = (arch: string): string => index.manifests.find((m) => m.platform.architecture === arch)!.digest;

  it("--platform linux/arm64 picks the arm64 child named in the index", async () => {
    const img = await createOciArchiveSource(path, "multiarch").resolve({ platform: { os: "linux", architecture: "arm64" } });
    assert.equal(img.digest, child("arm64"));
    assert.equal(img.indexDigest, "sha256:a0901a548cabd410bf6517c9f575065c796e8e410e0c69d16ba1dc1095ae8bd6");
    assert.equal(img.platform.architecture, "arm64");
  });

  it("the default linux/amd64 picks the amd64 child; a single image needs no ref", async () => {
    const img = await createOciArchiveSource(path, null).resolve(amd64);
    assert.equal(img.digest, child("amd64"));
    assert.notEqual(child("amd64"), child("arm64"));
  });

  it("an absent platform is PLATFORM_NOT_FOUND listing the available ones", async () => {
    await rejectsWith(
      createOciArchiveSource(path, "multiarch").resolve({ platform: { os: "linux", architecture: "s390x" } }),
      "PLATFORM_NOT_FOUND",
      /linux\/amd64, linux\/arm64\/v8/,
    );
  });
});

describe("docker-archive: alpine-3.9.6.docker.tar", () => {
  const path = sharedPath("images", "alpine-3.9.6.docker.tar");
  it("resolves the uncompressed layer with digest = diffID and the repository from RepoTags", async () => {
    const img = await createDockerArchiveSource(path).resolve(amd64);
    const manifest = JSON.parse(tarCat(path, "manifest.json").toString()) as { RepoTags: string[]; Layers: string[] }[];
    assert.equal(img.layers.length, manifest[0]!.Layers.length);
    assert.equal(img.layers[0]!.diffId, "sha256:6a8ea39e7fb8b31d1af218c2c9f20de6a0a76f9df58ffe6fbd544cce8b587471");
    assert.equal(img.layers[0]!.digest, img.layers[0]!.diffId);
    assert.equal(img.layers[0]!.mediaType, "application/vnd.docker.image.rootfs.diff.tar");
    assert.equal(img.repository, "test/alpine");
  });

  it("selects by tag (with or without docker.io/) and rejects an unknown tag listing the tags", async () => {
    const a = await createDockerArchiveSource(path, "test/alpine:3.9.6").resolve(amd64);
    assert.equal(a.layers.length, 1);
    await rejectsWith(createDockerArchiveSource(path, "test/alpine:9").resolve(amd64), "IMAGE_NOT_FOUND", /docker\.io\/test\/alpine:3\.9\.6/);
  });
});
