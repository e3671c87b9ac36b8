import type { Ecosystem } from "../../contracts/ecosystem.js";
import { apkPackageScanner } from "../../formats/apk/scanner.js";
import { rollingMatcher, rollingUpdaters } from "../../feeds/apk/rolling.js";
import { wolfiDistro, wolfiDistributionScanner } from "./distribution-scanner.js";

export const wolfi: Ecosystem = {
  name: "wolfi",
  distributionScanners: [wolfiDistributionScanner],
  packageScanners: [apkPackageScanner],
  updaters: rollingUpdaters(wolfiDistro),
  matcher: rollingMatcher(wolfiDistro),
};

export { wolfiDistro, wolfiDistributionScanner };
