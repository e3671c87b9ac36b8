import type { Digest } from "../core/digest.js";
import { packageKey, type Package, type ScannedPackage } from "../core/package.js";
import type { LayeredFileTree } from "../contracts/file-tree.js";
import type { PackageScanner, ScanContext } from "../contracts/scanner.js";
import { compileWants } from "./wants.js";

/**
 * Ties each package to the layer that introduced it: the first layer from which the package,
 * with its final name, arch and version, stays present in the package database up to the top.
 * A package upgraded in layer 3 is therefore attributed to layer 3, not to the base layer.
 */
export function attributeLayers(
  tree: LayeredFileTree,
  scanner: PackageScanner,
  context: ScanContext,
  finalPackages: readonly ScannedPackage[],
  diffIds: readonly Digest[],
): Package[] {
  const wanted = compileWants(scanner.wants);
  const last = tree.layerCount - 1;
  // Keys present after each layer; layers that did not touch the scanner's files inherit.
  const present: (ReadonlySet<string> | undefined)[] = new Array(tree.layerCount);
  let previous: ReadonlySet<string> = new Set();
  for (let i = 0; i <= last; i++) {
    // changedIn lists wanted and probed paths; a probe-based scanner cannot tell its files by
    // name, so for it any change is a reason to look again (a rescan is never wrong, only slower).
    const touched = scanner.probe !== undefined ? tree.changedIn(i).length > 0 : tree.changedIn(i).some(wanted);
    if (touched) {
      const { found } = i === last ? { found: finalPackages } : scanner.scan(tree.at(i), context);
      previous = new Set(found.map(packageKey));
    }
    present[i] = previous;
  }
  return finalPackages.map((p) => {
    const key = packageKey(p);
    let first = last;
    while (first > 0 && present[first - 1]?.has(key)) first--;
    const layer = diffIds[first] ?? diffIds[diffIds.length - 1];
    if (layer === undefined) throw new Error("attributeLayers: image has no layers");
    return { ...p, layer };
  });
}
