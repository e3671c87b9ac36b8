import type { Ecosystem } from "../../contracts/ecosystem.js";
import { apkPackageScanner } from "../../formats/apk/scanner.js";
import { alpineDistributionScanner } from "./distribution-scanner.js";
import { alpineMatcher } from "./matcher.js";
import { alpineUpdaters } from "./updater.js";

export const alpine: Ecosystem = {
  name: "alpine",
  distributionScanners: [alpineDistributionScanner],
  packageScanners: [apkPackageScanner],
  updaters: alpineUpdaters,
  matcher: alpineMatcher,
};
