import type { Ecosystem } from "../../contracts/ecosystem.js";
import { dpkgPackageScanner } from "../../formats/dpkg/scanner.js";
import { ubuntuDistributionScanner } from "./distribution-scanner.js";
import { ubuntuMatcher } from "./matcher.js";
import { ubuntuUpdaters } from "./updater.js";

/** Ubuntu: os-release detection, the shared dpkg scanner, Canonical's OSV feed, source matching. */
export const ubuntu: Ecosystem = {
  name: "ubuntu",
  distributionScanners: [ubuntuDistributionScanner],
  packageScanners: [dpkgPackageScanner],
  updaters: ubuntuUpdaters,
  matcher: ubuntuMatcher,
};

export { ubuntuDistributionScanner, ubuntuMatcher, ubuntuUpdaters };
