import assert from "node:assert/strict";
import { test } from "node:test";
import { packageFromComponent } from "../formats/sbom/purl-package.js";
import { isPackageType, PACKAGE_TYPES } from "./package.js";

const layer = `sha256:${"6".repeat(64)}` as const;

test("PACKAGE_TYPES is the one list: every member is read back from an SBOM purl of that type, anything else is unsupported", () => {
  assert.equal(new Set(PACKAGE_TYPES).size, PACKAGE_TYPES.length);
  for (const type of PACKAGE_TYPES) {
    assert.ok(isPackageType(type));
    // Some purl types require a namespace (maven, golang, swift); conan then requires a channel.
    const purl = type === "conan" ? "pkg:conan/demo@1.0.0" : `pkg:${type}/acme/demo@1.0.0`;
    const r = packageFromComponent({ name: "x", version: null, purl, properties: new Map(), licenses: [] }, layer, "sbom.json");
    assert.ok("pkg" in r, `${type}: ${JSON.stringify(r)}`);
    assert.equal(r.pkg.type, type);
  }
  for (const other of ["generic", "docker", "oci", "github", "DEB", ""]) {
    assert.equal(isPackageType(other), false, other);
  }
  const r = packageFromComponent({ name: "x", version: null, purl: "pkg:generic/demo@1.0.0", properties: new Map(), licenses: [] }, layer, "sbom.json");
  assert.ok("kind" in r && r.kind === "unsupported");
});
