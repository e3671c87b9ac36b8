import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import type { ImageSource } from "../contracts/image-source.js";
import type { DistributionScanner, PackageScanner } from "../contracts/scanner.js";
import { distributionCatalog, packageCatalog, type DeferredScanner } from "../ecosystems/scanner-catalog.js";
import { buildLayeredTree, createDockerArchiveSource, createOciArchiveSource } from "../image/index.js";
import { indexImageDeferred } from "../indexer/index.js";
import { registeredScanners } from "./engines.js";
import { indexSource } from "./inventory.js";

const debian = sharedPath("images", "debian-bookworm.oci.tar");
const IMAGES: readonly { name: string; open: () => ImageSource }[] = [
  { name: "bookworm-minbase", open: () => createOciArchiveSource(debian, "bookworm-minbase") },
  { name: "bookworm-multilayer", open: () => createOciArchiveSource(debian, "bookworm-multilayer") },
  { name: "alpine 3.9.6 docker-archive", open: () => createDockerArchiveSource(sharedPath("images", "alpine-3.9.6.docker.tar")) },
  { name: "alpine 3.20.3 zstd", open: () => createOciArchiveSource(sharedPath("images", "alpine-3.20.3.oci.tar"), "3.20.3-zstd") },
  { name: "busybox (no package database, no os-release)", open: () => createOciArchiveSource(sharedPath("images", "busybox-multiarch.oci.tar"), "multiarch") },
];

const OPTIONS = { platform: { os: "linux", architecture: "amd64" }, maxFileSize: 256 * 1024 * 1024 } as const;

async function withSource<T>(open: () => ImageSource, fn: (s: ImageSource) => Promise<T>): Promise<T> {
  const source = open();
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}

/** The catalog with every load counted. */
function counted<S>(list: readonly DeferredScanner<S>[], loaded: Set<string>): DeferredScanner<S>[] {
  return list.map((d) => ({ ...d, load: () => (loaded.add(d.id), d.load()) }));
}

describe("indexing with scanners loaded on demand (issue 10 §3)", () => {
  for (const image of IMAGES) {
    it(`${image.name}: the same report as with every scanner loaded`, async () => {
      const eager = await withSource(image.open, (s) => indexSource(s, { ...OPTIONS, scanners: registeredScanners() }));
      const deferred = await withSource(image.open, (s) => indexSource(s, OPTIONS));
      assert.deepEqual(deferred.report, eager.report);
      assert.ok(image.name.startsWith("busybox") || deferred.report.packages.length > 0);
    });
  }

  it("loads only the scanners whose files the image has, and the probes' scanners", async () => {
    const loaded = new Set<string>();
    const indexed = await withSource(IMAGES[0]!.open, (s) =>
      indexImageDeferred(s, {
        ...OPTIONS,
        buildTree: buildLayeredTree,
        distributionScanners: counted<DistributionScanner>(distributionCatalog, loaded),
        packageScanners: counted<PackageScanner>(packageCatalog, loaded),
      }),
    );
    assert.equal(indexed.report.packages.length, 88);
    const probed = packageCatalog.filter((d) => d.probed).map((d) => d.id);
    // Every distribution scanner reads os-release; of the package scanners only dpkg has files here.
    assert.deepEqual([...loaded].sort(), [...distributionCatalog.map((d) => d.id), ...probed, "dpkg"].sort());
  });
});
