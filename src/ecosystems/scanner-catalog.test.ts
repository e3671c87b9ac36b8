import assert from "node:assert/strict";
import { test } from "node:test";
import type { DistributionScanner, PackageScanner } from "../contracts/scanner.js";
import { ecosystems } from "./index.js";
import { distributionCatalog, packageCatalog, type DeferredScanner } from "./scanner-catalog.js";

/** The registry's scanners, each id once, in registry order: what an eager index runs. */
function registered(): { distribution: DistributionScanner[]; package: PackageScanner[] } {
  const distribution = new Map<string, DistributionScanner>();
  const pkg = new Map<string, PackageScanner>();
  for (const eco of Object.values(ecosystems)) {
    for (const s of eco.distributionScanners) if (!distribution.has(s.id)) distribution.set(s.id, s);
    for (const s of eco.packageScanners) if (!pkg.has(s.id)) pkg.set(s.id, s);
  }
  return { distribution: [...distribution.values()], package: [...pkg.values()] };
}

async function sameAsRegistry<S extends DistributionScanner | PackageScanner>(catalog: readonly DeferredScanner<S>[], scanners: readonly S[]): Promise<void> {
  // Same ids in the same order: the first distribution found wins, and problems keep scanner order.
  assert.deepEqual(
    catalog.map((d) => d.id),
    scanners.map((s) => s.id),
  );
  for (const [i, d] of catalog.entries()) {
    const loaded = await d.load();
    // The very object the ecosystem registers, so the catalog cannot drift from what it loads.
    assert.equal(loaded, scanners[i], `${d.id}: load() must give the registered scanner`);
    assert.deepEqual(d.wants, loaded.wants, `${d.id}: the catalog's wants must be the scanner's`);
    assert.equal(d.probed, "probe" in loaded && loaded.probe !== undefined, `${d.id}: probed must say whether the scanner has a content probe`);
  }
}

test("the scanner catalog lists every registered scanner, in order, with its own wants and probe", async () => {
  const { distribution, package: pkg } = registered();
  await sameAsRegistry(distributionCatalog, distribution);
  await sameAsRegistry(packageCatalog, pkg);
});
