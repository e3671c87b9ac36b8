import assert from "node:assert/strict";
import { test } from "node:test";
import { packageFromComponent } from "./purl-package.js";

const layer = `sha256:${"5".repeat(64)}` as const;

test("SBOM components of the lockfile ecosystems added in issue 12 become packages their matchers handle", () => {
  const got = [
    "pkg:pub/http@0.13.2",
    "pkg:hex/plug@1.14.2",
    "pkg:swift/github.com/apple/swift-nio@2.41.0",
    "pkg:cocoapods/AFNetworking@2.0.3",
    "pkg:conan/zlib@1.2.13",
    "pkg:conan/acme/mylib@0.3?channel=stable",
  ].map((purl) => {
    const r = packageFromComponent({ name: "x", version: null, purl, properties: new Map(), licenses: [] }, layer, "sbom.json");
    assert.ok("pkg" in r, purl);
    return `${r.pkg.type} ${r.pkg.name} ${r.pkg.version}`;
  });
  assert.deepEqual(got, [
    "pub http 0.13.2",
    "hex plug 1.14.2",
    "swift github.com/apple/swift-nio 2.41.0",
    "cocoapods AFNetworking 2.0.3",
    "conan zlib 1.2.13",
    "conan mylib@acme 0.3",
  ]);
});
