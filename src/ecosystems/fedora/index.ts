import type { Ecosystem } from "../../contracts/ecosystem.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";
import { fedoraDistributionScanner } from "./distribution-scanner.js";
import { fedoraMatcher } from "./matcher.js";

/** Fedora: detection and the rpm package list only; no feed, so no matching (readme.md). */
export const fedora: Ecosystem = {
  name: "fedora",
  distributionScanners: [fedoraDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: async () => [],
  matcher: fedoraMatcher,
};

export { fedoraDistributionScanner, fedoraMatcher };
