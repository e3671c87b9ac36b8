import type { Matcher } from "./matcher.js";
import type { DistributionScanner, PackageScanner } from "./scanner.js";
import type { UpdaterFactory } from "./updater.js";

/** Everything one distribution or language brings: its scanners, feed updaters and matcher. */
export interface Ecosystem {
  readonly name: string;
  readonly distributionScanners: readonly DistributionScanner[];
  readonly packageScanners: readonly PackageScanner[];
  readonly updaters: UpdaterFactory;
  readonly matcher: Matcher;
}
