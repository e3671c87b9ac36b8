import type { Ecosystem } from "../../contracts/ecosystem.js";
import { debianDistributionScanner } from "./distribution-scanner.js";
import { debianMatcher } from "./matcher.js";
import { dpkgPackageScanner } from "../../formats/dpkg/scanner.js";
import { debianUpdaters } from "./updater.js";

/** Debian: os-release detection, the dpkg database, the security tracker feed, source matching. */
export const debian: Ecosystem = {
  name: "debian",
  distributionScanners: [debianDistributionScanner],
  packageScanners: [dpkgPackageScanner],
  updaters: debianUpdaters,
  matcher: debianMatcher,
};

export { debianDistributionScanner, debianMatcher, dpkgPackageScanner, debianUpdaters };
