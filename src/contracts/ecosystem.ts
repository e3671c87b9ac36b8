import type { Matcher } from "./matcher.js";
import type { DistributionScanner, PackageScanner } from "./scanner.js";
import type { UpdaterFactory } from "./updater.js";

/** Everything one distribution or language brings: its scanners, feed updaters and matcher. */
export interface Ecosystem {
  readonly name: string;
  readonly distributionScanners: readonly DistributionScanner[];
  readonly packageScanners: readonly PackageScanner[];
  readonly updaters: UpdaterFactory;
  /**
   * The ids of the updaters whose data this ecosystem's matcher reads, each also a prefix
   * (`alpine` covers `alpine/v3.9/main`); default `[name]`. Coverage reports use it to say which
   * data a scan was matched against (OSV ecosystems' updaters are `osv/<ecosystem>`).
   */
  readonly updaterIds?: readonly string[];
  readonly matcher: Matcher;
}
