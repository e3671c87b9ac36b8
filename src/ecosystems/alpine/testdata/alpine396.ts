// Test-only: the alpine-3.9.6 image's packages as the indexer would hand them to a matcher.
import type { Package } from "../../../core/package.js";
import type { Distribution } from "../../../core/distribution.js";
import { apkPackageScanner } from "../../../formats/apk/scanner.js";
import { alpine396File } from "../../../formats/apk/testdata/image-files.js";
import { memoryTree, MEMORY_LAYER } from "../../../../test/support/memory-tree.js";
import { alpineDistributionScanner } from "../distribution-scanner.js";

export function alpine396(): { distribution: Distribution; packages: Package[] } {
  const tree = memoryTree({
    "etc/os-release": alpine396File("etc/os-release"),
    "etc/alpine-release": alpine396File("etc/alpine-release"),
    "lib/apk/db/installed": alpine396File("lib/apk/db/installed"),
  });
  const distribution = alpineDistributionScanner.scan(tree).found[0];
  if (!distribution) throw new Error("alpine 3.9.6 not detected");
  const packages = apkPackageScanner.scan(tree, { distribution }).found.map((p) => ({ ...p, layer: MEMORY_LAYER }));
  return { distribution, packages };
}
