import type { Ecosystem } from "../../contracts/ecosystem.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";
import { amazonDistributionScanner } from "./distribution-scanner.js";
import { amazonMatcher } from "./matcher.js";
import { amazonUpdaters } from "./updater.js";

/** Amazon Linux 1, 2, 2022 and 2023: os-release detection, the rpmdb, ALAS, binary matching. */
export const amazon: Ecosystem = {
  name: "amazon",
  distributionScanners: [amazonDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: amazonUpdaters,
  matcher: amazonMatcher,
};

export { amazonDistributionScanner, amazonMatcher, amazonUpdaters };
