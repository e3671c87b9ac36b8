import type { Ecosystem } from "../../contracts/ecosystem.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";
import { rhelDistributionScanner } from "./distribution-scanner.js";
import { rhelMatcher } from "./matcher.js";
import { rhelUpdaters } from "./updater.js";

/** RHEL, UBI, CentOS, Rocky and AlmaLinux: the shared rpm scanner, Red Hat CSAF VEX, stream- and module-scoped matching. */
export const rhel: Ecosystem = {
  name: "rhel",
  distributionScanners: [rhelDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: rhelUpdaters,
  matcher: rhelMatcher,
};

export { rhelDistributionScanner, rhelMatcher, rhelUpdaters };
