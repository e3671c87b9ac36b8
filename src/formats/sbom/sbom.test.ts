import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { isFatalError } from "../../core/problem.js";
import { distroOf, indexFromSbom } from "./index.js";

const testdata = join(fileURLToPath(new URL(".", import.meta.url)), "testdata");
const read = (name: string): string => readFileSync(join(testdata, name), "utf8");

test("purl-only CycloneDX: packages, distribution and source from purls alone", () => {
  const text = read("purl-only.cdx.json");
  const index = indexFromSbom(text, "purl-only.cdx.json");
  assert.deepEqual(index.distribution, { id: "debian", versionId: "12", codename: null, prettyName: null });
  const by = new Map(index.packages.map((p) => [p.name, p]));
  assert.deepEqual([...by.keys()].sort(), ["libssl3", "lodash", "openssl", "zlib1g"]);
  assert.deepEqual(by.get("libssl3")?.source, { name: "openssl", version: "3.0.20-1~deb12u2" });
  assert.deepEqual(by.get("openssl")?.source, { name: "openssl", version: "3.0.20-1~deb12u2" });
  assert.equal(by.get("zlib1g")?.version, "1:1.2.13.dfsg-1", "Trivy's epoch= qualifier is folded into the version");
  assert.equal(by.get("libssl3")?.arch, "amd64");
  assert.equal(by.get("lodash")?.type, "npm");
  assert.equal(by.get("lodash")?.source, null);
  assert.deepEqual(by.get("lodash")?.licenses, ["MIT"]);
  // No layer recorded: the synthetic layer is the SBOM file's own digest, listed as such.
  const synthetic = `sha256:${createHash("sha256").update(text).digest("hex")}`;
  assert.ok(index.packages.every((p) => p.layer === synthetic));
  assert.deepEqual(index.layers, [{ digest: synthetic, diffId: synthetic, createdBy: "sbom:purl-only.cdx.json" }]);
  assert.deepEqual(
    index.problems.map((p) => p.kind),
    ["unsupported", "unsupported"],
  );
});

test("SPDX tag-value: packages from PACKAGE-MANAGER purls, distribution from distro=, subject skipped", () => {
  const index = indexFromSbom(read("alpine.spdx"), "alpine.spdx");
  assert.deepEqual(index.distribution, { id: "alpine", versionId: "3.9.6", codename: null, prettyName: null });
  assert.deepEqual(
    index.packages.map((p) => [p.type, p.name, p.version, p.source?.name ?? null, p.arch]),
    [
      ["apk", "musl", "1.1.20-r4", "musl", "x86_64"],
      ["apk", "libcrypto1.1", "1.1.1d-r2", "openssl", "x86_64"],
    ],
  );
  assert.deepEqual(index.packages[0]?.licenses, ["MIT"]);
  assert.deepEqual(index.problems, []);
});

test("distro qualifier: id is everything before the last -<version>", () => {
  assert.deepEqual(distroOf("debian-12"), { id: "debian", versionId: "12", codename: null, prettyName: null });
  assert.deepEqual(distroOf("alpine-3.9.6"), { id: "alpine", versionId: "3.9.6", codename: null, prettyName: null });
  assert.equal(distroOf("opensuse-leap-15.5")?.id, "opensuse-leap");
  assert.equal(distroOf("debian"), null);
});

test("unrecognised input is a fatal error naming the file", () => {
  for (const text of ['{"hello": 1}', "not an sbom", "{broken"]) {
    assert.throws(
      () => indexFromSbom(text, "x.json"),
      (e: unknown) => isFatalError(e) && e.code === "UNSUPPORTED_MEDIA_TYPE" && e.message.includes("x.json"),
    );
  }
});
