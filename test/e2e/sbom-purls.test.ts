import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { PackageURL } from "packageurl-js";
import { canonicalPurl } from "../../src/formats/purl.js";
import { claro } from "../support/claro.js";
import { sharedPath } from "../support/shared.js";

// Acceptance of issue 12 (1): every purl `claro sbom` writes for the shared images parses with
// packageurl-js and is already in the purl spec's canonical form.
const images = (name: string): string => sharedPath("images", name);
const REFS = [
  `oci-archive:${images("debian-bookworm.oci.tar")}:bookworm-minbase`,
  `oci-archive:${images("debian-bookworm.oci.tar")}:bookworm-multilayer`,
  `docker-archive:${images("alpine-3.9.6.docker.tar")}`,
  `oci-archive:${images("alpine-3.20.3.oci.tar")}:3.20.3`,
  `oci-archive:${images("alpine-3.20.3.oci.tar")}:3.20.3-zstd`,
  `oci-archive:${images("busybox-multiarch.oci.tar")}:multiarch`,
];

interface SbomJson {
  readonly packages: readonly { readonly type: string; readonly name: string; readonly purl: string }[];
}

async function purlsOf(ref: string): Promise<SbomJson["packages"]> {
  const run = await claro(["sbom", "--format", "json", "-q", ref]);
  assert.equal(run.code, 0, run.stderr);
  return (JSON.parse(run.stdout) as SbomJson).packages;
}

function assertCanonical(packages: SbomJson["packages"]): void {
  for (const p of packages) {
    assert.doesNotThrow(() => PackageURL.fromString(p.purl), p.purl);
    assert.equal(canonicalPurl(p.purl), p.purl);
  }
}

for (const ref of REFS) {
  test(`claro sbom ${ref.split("/").pop()}: every purl parses with packageurl-js and is canonical`, async () => {
    const packages = await purlsOf(ref);
    assertCanonical(packages);
    if (ref.includes("bookworm")) {
      // An epoch stays `1:` and a `+` is `%2B` (purl-spec deb-test.json).
      assert.ok(
        packages.some((p) => /@\d+:/.test(p.purl)),
        "some Debian package has an epoch",
      );
      assert.ok(packages.every((p) => !p.purl.includes("%3A")));
    }
  });
}

const work = mkdtempSync(join(tmpdir(), "claro-purls-"));
after(() => rmSync(work, { recursive: true, force: true }));

test("claro sbom of a Go binary: the module path is the namespace", async () => {
  mkdirSync(join(work, "usr", "local", "bin"), { recursive: true });
  copyFileSync(sharedPath("fixtures", "pkgdb", "gobinary", "trivy", "test.elf"), join(work, "usr", "local", "bin", "test.elf"));
  const packages = await purlsOf(`dir:${work}`);
  assertCanonical(packages);
  const gover = packages.find((p) => p.name === "github.com/aquasecurity/go-version");
  assert.ok(gover, JSON.stringify(packages));
  assert.match(gover.purl, /^pkg:golang\/github\.com\/aquasecurity\/go-version@v0\.0\.0-/);
});
