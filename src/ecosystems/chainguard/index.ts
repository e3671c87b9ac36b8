import type { Ecosystem } from "../../contracts/ecosystem.js";
import { apkPackageScanner } from "../../formats/apk/scanner.js";
import { rollingMatcher, rollingUpdaters } from "../../feeds/apk/rolling.js";
import { chainguardDistro, chainguardDistributionScanner } from "./distribution-scanner.js";

export const chainguard: Ecosystem = {
  name: "chainguard",
  distributionScanners: [chainguardDistributionScanner],
  packageScanners: [apkPackageScanner],
  updaters: rollingUpdaters(chainguardDistro),
  matcher: rollingMatcher(chainguardDistro),
};

export { chainguardDistro, chainguardDistributionScanner };
