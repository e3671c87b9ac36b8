import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";
import { ecosystems } from "../ecosystems/index.js";
import { buildLayeredTree, createOciArchiveSource } from "../image/index.js";
import { indexImage } from "./index-image.js";
import { partitionOsOwned } from "./os-owned.js";

const archive = sharedPath("images", "debian-bookworm.oci.tar");
const ref = `oci-archive:${archive}:bookworm-multilayer`;
// The image's Python packages, shipped by Debian's python3-* packages (README: "python 7").
const DEBIAN_PYTHON = ["certifi@2022.9.24", "chardet@5.1.0", "charset-normalizer@3.0.1", "idna@3.3", "requests@2.28.1", "six@1.16.0", "urllib3@1.26.12"];

interface SbomPackage {
  readonly name: string;
  readonly version: string;
  readonly type: string;
}

async function sbomPypi(extra: readonly string[]): Promise<string[]> {
  const run = await claro(["sbom", "--quiet", "--format", "json", ...extra, ref]);
  assert.equal(run.code, 0, run.stderr);
  const { packages } = JSON.parse(run.stdout) as { packages: SbomPackage[] };
  return packages
    .filter((p) => p.type === "pypi")
    .map((p) => `${p.name}@${p.version}`)
    .sort();
}

describe("OS-owned language packages on bookworm-multilayer", () => {
  it("every Python package's metadata file is in a python3-* dpkg file list", async () => {
    const source = createOciArchiveSource(archive, "bookworm-multilayer");
    try {
      const report = await indexImage(source, {
        platform: { os: "linux", architecture: "amd64" },
        distributionScanners: ecosystems.debian.distributionScanners,
        packageScanners: [...ecosystems.debian.packageScanners, ...ecosystems.pypi.packageScanners],
        buildTree: buildLayeredTree,
        maxFileSize: 64 * 1024 * 1024,
        detectionPriority: "comprehensive",
      });
      const { owned, kept } = partitionOsOwned(report.packages);
      assert.deepEqual(owned.map((p) => `${p.name}@${p.version}`).sort(), DEBIAN_PYTHON);
      assert.equal(kept.filter((p) => p.type === "pypi").length, 0);
      for (const p of owned) {
        const owners = report.packages.filter((o) => o.type === "deb" && o.files?.includes(`/${p.foundIn}`)).map((o) => o.name);
        assert.equal(owners.length, 1, `${p.foundIn}: ${owners.join(", ")}`);
        assert.match(owners[0] ?? "", /^python3-/);
      }
    } finally {
      await source.close();
    }
  });

  it("claro sbom lists none of them by default, and all 7 with --detection-priority comprehensive", async () => {
    assert.deepEqual(await sbomPypi([]), []);
    assert.deepEqual(await sbomPypi(["--detection-priority", "precise"]), []);
    assert.deepEqual(await sbomPypi(["--detection-priority", "comprehensive"]), DEBIAN_PYTHON);
  });

  it("an unknown priority is a usage error", async () => {
    const run = await claro(["sbom", "--quiet", "--detection-priority", "fast", ref]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /detection-priority/);
  });
});
