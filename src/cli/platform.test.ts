import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { sharedPath } from "../../test/support/shared.js";

// --platform against the real images (issue 11): an index without the platform is an error that
// lists what it has; a single-platform image of another platform is analysed, with a warning.
const MULTIARCH = `oci-archive:${sharedPath("images", "busybox-multiarch.oci.tar")}:multiarch`;
const ALPINE = `docker-archive:${sharedPath("images", "alpine-3.9.6.docker.tar")}`;

interface Inventory {
  source: { platform: string };
  problems: { kind: string; path: string | null; message: string }[];
  packages: unknown[];
}

describe("claro --platform (real CLI)", () => {
  it("a platform the index does not have exits 2 and lists the platforms it has", async () => {
    const r = await claro(["sbom", "--platform", "linux/s390x", MULTIARCH]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /\[PLATFORM_NOT_FOUND\].*has no image for linux\/s390x; available: linux\/amd64, linux\/arm64\/v8/);
    assert.match(r.stderr, /hint: choose one of the available platforms with --platform/);
  });

  it("a platform the index has is picked without a warning", async () => {
    const r = await claro(["sbom", "--platform", "linux/arm64", MULTIARCH]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Inventory;
    // The arm64 child's config names no variant; the report gives the config's platform.
    assert.equal(doc.source.platform, "linux/arm64");
    assert.deepEqual(
      doc.problems.filter((p) => p.kind === "platform-mismatch"),
      [],
    );
    assert.doesNotMatch(r.stderr, /--platform/);
  });

  it("a single-platform amd64 image asked for as arm64 is analysed as amd64, with a warning and a problem", async () => {
    const r = await claro(["sbom", "--platform", "linux/arm64", ALPINE]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Inventory;
    assert.equal(doc.source.platform, "linux/amd64");
    assert.equal(doc.packages.length, 14);
    const mismatch = doc.problems.filter((p) => p.kind === "platform-mismatch");
    assert.equal(mismatch.length, 1);
    assert.match(mismatch[0]!.message, /--platform linux\/arm64 was requested, but the image has a single manifest for linux\/amd64/);
    assert.match(
      r.stderr,
      /^claro: warning: --platform linux\/arm64 was requested, but the image has a single manifest for linux\/amd64; linux\/amd64 was analysed$/m,
    );
  });

  it("the same image asked for as its own platform, or without --platform, gets no warning", async () => {
    for (const args of [["--platform", "linux/amd64"], []]) {
      const r = await claro(["sbom", ...args, ALPINE]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        (JSON.parse(r.stdout) as Inventory).problems.filter((p) => p.kind === "platform-mismatch"),
        [],
      );
      assert.doesNotMatch(r.stderr, /was requested/);
    }
  });
});

describe("claro --platform against the loopback registry (real CLI)", () => {
  it("an index without the platform lists its platforms; a single amd64 manifest asked for as arm64 warns", async () => {
    const registry = await ensureRegistry({ auth: "token" }, 5000);
    const missing = await claro(["sbom", "--platform", "linux/s390x", `${registry}/test/busybox-multiarch:multiarch`]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /\[PLATFORM_NOT_FOUND\].*has no image for linux\/s390x; available: linux\/amd64, linux\/arm64\/v8/);
    const single = await claro(["sbom", "--platform", "linux/arm64", `${registry}/test/alpine:3.9.6`]);
    assert.equal(single.code, 0, single.stderr);
    const doc = JSON.parse(single.stdout) as Inventory;
    assert.equal(doc.source.platform, "linux/amd64");
    assert.equal(doc.problems.filter((p) => p.kind === "platform-mismatch").length, 1);
    assert.match(single.stderr, /^claro: warning: --platform linux\/arm64 was requested, but the image has a single manifest for linux\/amd64/m);
  });
});
