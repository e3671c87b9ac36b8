import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { gzipSync } from "node:zlib";
import { isFatalError } from "../core/problem.js";
import { makeTar, writeOciLayout } from "../image/testdata/synthetic.js";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";
import { looksLikeDockerfile } from "./check-command.js";
import { detectReference } from "./detect-reference.js";

const work = mkdtempSync(join(tmpdir(), "claro-detect-"));
after(() => rmSync(work, { recursive: true, force: true }));

const fails = (ref: string, re: RegExp): void =>
  assert.throws(
    () => detectReference(ref),
    (e: unknown) => isFatalError(e) && e.code === "BAD_REFERENCE" && re.test(e.message),
    ref,
  );

test("a bare path is recognised by its content: docker save, OCI archive (with :REF), layout, directory", async () => {
  const alpine = sharedPath("images", "alpine-3.9.6.docker.tar");
  const debian = sharedPath("images", "debian-bookworm.oci.tar");
  assert.equal(detectReference(alpine), `docker-archive:${alpine}`);
  assert.equal(detectReference(debian), `oci-archive:${debian}`);
  assert.equal(detectReference(`${debian}:bookworm-minbase`), `oci-archive:${debian}:bookworm-minbase`);
  const layout = await writeOciLayout([{ tar: await makeTar([{ name: "etc/os-release", content: "ID=x\n" }]) }]);
  try {
    assert.equal(detectReference(layout), `oci:${layout}`);
    assert.equal(detectReference(`${layout}:test`), `oci:${layout}:test`);
  } finally {
    rmSync(layout, { recursive: true, force: true });
  }
  mkdirSync(join(work, "rootfs", "etc"), { recursive: true });
  assert.equal(detectReference(join(work, "rootfs")), `dir:${join(work, "rootfs")}`);
});

test("SBOMs by content: CycloneDX and SPDX JSON, SPDX tag-value", () => {
  const cdx = join(work, "bom.json");
  writeFileSync(cdx, JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: [] }));
  const spdx = join(work, "sbom.spdx.json");
  writeFileSync(spdx, JSON.stringify({ spdxVersion: "SPDX-2.3", packages: [] }));
  const tv = join(work, "sbom.spdx");
  writeFileSync(tv, "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n");
  for (const p of [cdx, spdx, tv]) assert.equal(detectReference(p), `sbom:${p}`);
});

test("prefixes win, and what is not on disk stays a registry reference", () => {
  const alpine = sharedPath("images", "alpine-3.9.6.docker.tar");
  assert.equal(detectReference(`oci-archive:${alpine}`), `oci-archive:${alpine}`);
  for (const ref of ["alpine", "alpine:3.20", "127.0.0.1:5000/test/busybox:latest", "ghcr.io/a/b@sha256:" + "0".repeat(64)])
    assert.equal(detectReference(ref), ref);
});

test("files that are no image say so in one line", async () => {
  const text = join(work, "notes.txt");
  writeFileSync(text, "hello\n");
  fails(text, /not an image archive/);
  const gz = join(work, "image.tar.gz");
  writeFileSync(gz, gzipSync(await makeTar([{ name: "manifest.json", content: "[]" }])));
  fails(gz, /gzip-compressed/);
  const rootfsTar = join(work, "rootfs.tar");
  writeFileSync(rootfsTar, await makeTar([{ name: "etc/os-release", content: "ID=x\n" }]));
  fails(rootfsTar, /neither a docker save archive nor an OCI layout/);
});

test("claro check ./Dockerfile is a Dockerfile, by name or by content", () => {
  const named = join(work, "Dockerfile");
  writeFileSync(named, "# a comment\nFROM alpine:3.20\n");
  const byContent = join(work, "build.txt");
  writeFileSync(byContent, "# syntax=docker/dockerfile:1\nARG BASE=alpine\nFROM $BASE\n");
  const other = join(work, "app.json");
  writeFileSync(other, "{}\n");
  assert.equal(looksLikeDockerfile(named), true);
  assert.equal(looksLikeDockerfile(join(work, "api.Dockerfile")), false, "missing files are not Dockerfiles");
  assert.equal(looksLikeDockerfile(byContent), true);
  assert.equal(looksLikeDockerfile(other), false);
  assert.equal(looksLikeDockerfile("alpine:3.20"), false);
});

test("claro sbom on a bare docker-archive path lists its 14 apk packages; oci-archive: on a directory is one line", async () => {
  const r = await claro(["sbom", "-q", "--format", "json", sharedPath("images", "alpine-3.9.6.docker.tar")]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { packages: { type: string }[] };
  assert.equal(doc.packages.filter((p) => p.type === "apk").length, 14);
  const d = await claro(["sbom", "-q", `oci-archive:${work}`]);
  assert.equal(d.code, 2);
  assert.match(d.stderr, /^claro: error \[BAD_REFERENCE\]: oci-archive:.*is a directory, not an archive file\nclaro: hint: /);
});
