import type { Ecosystem } from "../../contracts/ecosystem.js";
import { rockyDistributionScanner } from "./distribution-scanner.js";
import { type RpmErrataOptions, rpmErrataMatcher, rpmErrataUpdaters } from "../../feeds/osv/rpm-errata.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";

/** The bucket folder has a space: OSV.dev's ecosystem is `Rocky Linux`. */
export const ROCKY_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip";

/**
 * Rocky Linux's RLSA errata as OSV.dev serves them (from Rocky's Apollo; ecosystems `Rocky Linux:8`,
 * `Rocky Linux:9`). Apollo lists source rpms only, so packages are matched by their source rpm name.
 */
export const rockyErrata: RpmErrataOptions = {
  name: "rocky",
  osIds: ["rocky"],
  osvEcosystem: "Rocky Linux",
  osvEcosystemAliases: ["rocky-linux"],
  upstreamZipUrl: ROCKY_OSV_URL,
};

export const rockyUpdaters = rpmErrataUpdaters(rockyErrata);
export const rockyMatcher = rpmErrataMatcher(rockyErrata);

/** Rocky Linux: os-release, the shared rpm scanner, Rocky's own errata (OSV); Red Hat's data is not used for it. */
export const rocky: Ecosystem = {
  name: "rocky",
  distributionScanners: [rockyDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: rockyUpdaters,
  matcher: rockyMatcher,
};

export { rockyDistributionScanner };
