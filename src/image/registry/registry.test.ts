// Against the real test registry (Debian's docker-registry 2.8 + the token server), in its three
// auth modes. The expected digests come from the image archives in shared/images.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmodSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { extract } from "tar-stream";
import { isFatalError, type FatalCode } from "../../core/problem.js";
import type { Platform, ResolvedImage } from "../../core/image.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { createRegistrySource, pullAuthHeader, type RegistryOptions } from "./index.js";

const AMD64: Platform = { os: "linux", architecture: "amd64" };
const ARM64: Platform = { os: "linux", architecture: "arm64" };
const USER = "claro";
const PASSWORD = "s3cret";

let token = "";
let basic = "";
let open = "";
const scratch = mkdtempSync(join(tmpdir(), "claro-registry-test-"));
/** No docker config of the machine's user leaks into the tests. */
const emptyEnv = { DOCKER_CONFIG: join(scratch, "no-docker"), PATH: process.env["PATH"] };

before(async () => {
  [token, basic, open] = await Promise.all([
    ensureRegistry({ auth: "token" }, 5000),
    ensureRegistry({ auth: "basic", user: USER, password: PASSWORD }, 5010),
    ensureRegistry({ auth: "none" }, 5020),
  ]);
});
after(() => rmSync(scratch, { recursive: true, force: true }));

async function resolve(ref: string, options: RegistryOptions = {}, platform: Platform = AMD64): Promise<ResolvedImage> {
  const source = createRegistrySource(ref, { env: emptyEnv, ...options });
  try {
    return await source.resolve({ platform });
  } finally {
    await source.close();
  }
}

function fails(code: FatalCode, ...words: string[]) {
  return (e: unknown): boolean => {
    assert.ok(isFatalError(e), `expected a FatalError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(!e.message.includes("\n"), "one-line message");
    for (const w of words) assert.ok(e.message.includes(w), `'${e.message}' should mention '${w}'`);
    return true;
  };
}

/** Reads one entry of a tar archive in shared/images. */
async function tarEntry(archive: string, name: string): Promise<Buffer> {
  const ex = extract();
  createReadStream(archive).pipe(ex);
  for await (const entry of ex) {
    if (entry.header.name === name) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      ex.destroy();
      return Buffer.concat(chunks);
    }
    entry.resume();
  }
  throw new Error(`${name} not in ${archive}`);
}

describe("registry with token auth", () => {
  it("resolves a Docker v2 manifest (alpine 3.9.6) and streams a layer that matches its digest", async () => {
    const source = createRegistrySource(`${token}/test/alpine:3.9.6`, { env: emptyEnv });
    try {
      const img = await source.resolve({ platform: AMD64 });
      assert.equal(img.repository, "test/alpine");
      assert.equal(img.indexDigest, null);
      assert.deepEqual(img.platform, AMD64);
      assert.equal(img.layers.length, 1);
      assert.equal(img.layers[0]!.diffId, "sha256:6a8ea39e7fb8b31d1af218c2c9f20de6a0a76f9df58ffe6fbd544cce8b587471");
      assert.equal(img.layers[0]!.mediaType, "application/vnd.docker.image.rootfs.diff.tar.gzip");
      assert.equal(img.layers[0]!.createdBy, "ADD alpine-minirootfs-3.9.6-x86_64.tar.gz /");
      const hash = createHash("sha256");
      let bytes = 0;
      for await (const chunk of await source.openLayer(img.layers[0]!)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      assert.equal(`sha256:${hash.digest("hex")}`, img.layers[0]!.digest);
      assert.equal(bytes, img.layers[0]!.size);
    } finally {
      await source.close();
    }
  });

  it("resolves an OCI manifest (bookworm-multilayer) with its README digest, layers and history", async () => {
    const img = await resolve(`registry:${token}/test/debian-bookworm:bookworm-multilayer`);
    assert.equal(img.digest, "sha256:0f8b51ee346136c643864329f1803c4c0c1c34234e25e6a30b731de16e4915f8");
    assert.equal(img.ref, `registry:${token}/test/debian-bookworm:bookworm-multilayer`);
    assert.deepEqual(
      img.layers.map((l) => l.digest.slice(7, 19)),
      ["0757dcb6af1a", "f290ea6f12fb", "c542700f74d3", "8e3ad3e68e34", "db1ac1e334d3"],
    );
    assert.equal(img.layers[0]!.size, 36_644_569);
    assert.ok(img.layers.every((l) => l.mediaType === "application/vnd.oci.image.layer.v1.tar+gzip"));
    assert.deepEqual(
      img.layers.map((l) => l.diffId),
      img.config?.rootfs.diff_ids,
    );
    assert.equal(img.config?.config.User, "app");
    assert.equal(img.config?.history?.length, 7);
    assert.ok(img.layers.every((l) => l.createdBy !== null && l.createdBy !== ""));
  });

  it("resolves the same image converted to Docker v2 (-v2s2) with the same layers", async () => {
    const oci = await resolve(`${token}/test/debian-bookworm:bookworm-multilayer`);
    const v2 = await resolve(`${token}/test/debian-bookworm:bookworm-multilayer-v2s2`);
    assert.notEqual(v2.digest, oci.digest);
    assert.deepEqual(
      v2.layers.map((l) => [l.digest, l.diffId]),
      oci.layers.map((l) => [l.digest, l.diffId]),
    );
    assert.ok(v2.layers.every((l) => l.mediaType === "application/vnd.docker.image.rootfs.diff.tar.gzip"));
    // A pull by digest checks the content against the requested digest.
    const byDigest = await resolve(`${token}/test/debian-bookworm@${v2.digest}`);
    assert.equal(byDigest.digest, v2.digest);
  });

  it("picks the arm64/v8 child of the BusyBox index, and amd64 by default", async () => {
    const archive = sharedPath("images", "busybox-multiarch.oci.tar");
    const indexDigest = "sha256:a0901a548cabd410bf6517c9f575065c796e8e410e0c69d16ba1dc1095ae8bd6";
    const index = JSON.parse((await tarEntry(archive, `blobs/sha256/${indexDigest.slice(7)}`)).toString()) as {
      manifests: { digest: string; platform: { architecture: string; variant?: string } }[];
    };
    const child = (arch: string): string => index.manifests.find((m) => m.platform.architecture === arch)!.digest;

    const arm = await resolve(`${token}/test/busybox-multiarch:multiarch`, {}, ARM64);
    assert.equal(arm.indexDigest, indexDigest);
    assert.equal(arm.digest, child("arm64"));
    assert.equal(arm.platform.architecture, "arm64");
    assert.equal(arm.platform.variant, "v8");

    const amd = await resolve(`${token}/test/busybox-multiarch:multiarch`);
    assert.equal(amd.indexDigest, indexDigest);
    assert.equal(amd.digest, child("amd64"));
    assert.equal(amd.platform.architecture, "amd64");
  });

  it("names the platforms an index has when none matches", async () => {
    await assert.rejects(
      resolve(`${token}/test/busybox-multiarch:multiarch`, {}, { os: "linux", architecture: "s390x" }),
      fails("PLATFORM_NOT_FOUND", "linux/s390x", "linux/amd64", "linux/arm64/v8"),
    );
  });

  it("reports an unknown tag as REGISTRY_NOT_FOUND naming repository and tag", async () => {
    await assert.rejects(resolve(`${token}/test/alpine:no-such-tag`), fails("REGISTRY_NOT_FOUND", "test/alpine", "no-such-tag"));
  });

  it("yields a bearer token for pullAuthHeader", async () => {
    const header = await pullAuthHeader(`${token}/test/alpine:3.9.6`, { env: emptyEnv });
    assert.match(header ?? "", /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe("registry with basic auth", () => {
  it("pulls with the right password", async () => {
    const img = await resolve(`${basic}/test/alpine:3.9.6`, { username: USER, password: PASSWORD });
    assert.equal(img.layers[0]!.diffId, "sha256:6a8ea39e7fb8b31d1af218c2c9f20de6a0a76f9df58ffe6fbd544cce8b587471");
  });

  it("rejects a wrong password as REGISTRY_UNAUTHORIZED with a hint", async () => {
    await assert.rejects(resolve(`${basic}/test/alpine:3.9.6`, { username: USER, password: "wrong" }), (e: unknown) => {
      fails("REGISTRY_UNAUTHORIZED", "401")(e);
      assert.match((e as { hint?: string }).hint ?? "", /--username\/--password .*docker login/);
      return true;
    });
  });

  it("rejects missing credentials as REGISTRY_UNAUTHORIZED", async () => {
    await assert.rejects(resolve(`${basic}/test/alpine:3.9.6`), fails("REGISTRY_UNAUTHORIZED", "authentication required"));
  });

  it("finds credentials in DOCKER_CONFIG auths (base64 auth, and username/password under a URL key)", async () => {
    const dir = mkdtempSync(join(scratch, "docker-"));
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: { [basic]: { auth } } }));
    const img = await resolve(`${basic}/test/alpine:3.9.6`, { env: { DOCKER_CONFIG: dir } });
    assert.equal(img.repository, "test/alpine");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: { [`http://${basic}/v2/`]: { username: USER, password: PASSWORD } } }));
    assert.equal((await resolve(`${basic}/test/alpine:3.9.6`, { env: { DOCKER_CONFIG: dir } })).repository, "test/alpine");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: { [basic]: { auth: Buffer.from(`${USER}:nope`).toString("base64") } } }));
    await assert.rejects(resolve(`${basic}/test/alpine:3.9.6`, { env: { DOCKER_CONFIG: dir } }), fails("REGISTRY_UNAUTHORIZED"));
  });

  it("runs a docker-credential helper from credHelpers, with the server on stdin", async () => {
    const dir = mkdtempSync(join(scratch, "helper-"));
    const bin = join(dir, "bin");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ credHelpers: { [basic]: "test" }, auths: { [basic]: {} } }));
    mkdirSync(bin);
    const helper = join(bin, "docker-credential-test");
    const seen = join(dir, "stdin.txt");
    writeFileSync(
      helper,
      `#!/bin/sh\n[ "$1" = get ] || exit 1\ncat > '${seen}'\nprintf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$(cat '${seen}')"\n`,
    );
    chmodSync(helper, 0o755);
    const env = { DOCKER_CONFIG: dir, PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` };
    const img = await resolve(`${basic}/test/alpine:3.9.6`, { env });
    assert.equal(img.repository, "test/alpine");
    assert.equal(readFileSync(seen, "utf8"), basic);
    assert.equal(await pullAuthHeader(`${basic}/test/alpine`, { env }), `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`);
  });
});

describe("registry without auth", () => {
  it("pulls anonymously, and pullAuthHeader is null", async () => {
    const img = await resolve(`${open}/test/debian-bookworm:bookworm-multilayer`);
    assert.equal(img.digest, "sha256:0f8b51ee346136c643864329f1803c4c0c1c34234e25e6a30b731de16e4915f8");
    assert.equal(await pullAuthHeader(`${open}/test/alpine:3.9.6`, { env: emptyEnv }), null);
  });
});
