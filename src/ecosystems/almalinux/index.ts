import type { Ecosystem } from "../../contracts/ecosystem.js";
import { almalinuxDistributionScanner } from "./distribution-scanner.js";
import { type RpmErrataOptions, rpmErrataMatcher, rpmErrataUpdaters } from "../../feeds/osv/rpm-errata.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";

export const ALMALINUX_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/AlmaLinux/all.zip";

/** AlmaLinux's ALSA errata as OSV.dev serves them (ecosystems `AlmaLinux:8`, `AlmaLinux:9`, …). */
export const almalinuxErrata: RpmErrataOptions = { name: "almalinux", osIds: ["almalinux"], osvEcosystem: "AlmaLinux", upstreamZipUrl: ALMALINUX_OSV_URL };

export const almalinuxUpdaters = rpmErrataUpdaters(almalinuxErrata);
export const almalinuxMatcher = rpmErrataMatcher(almalinuxErrata);

/**
 * AlmaLinux: os-release, the shared rpm scanner, AlmaLinux's own errata (OSV). Its builds carry
 * AlmaLinux releases (`.el8_7.alma`, rebuild timing of its own), so its fixed versions are the
 * ones an image can actually install; Red Hat's data is not used for it.
 */
export const almalinux: Ecosystem = {
  name: "almalinux",
  distributionScanners: [almalinuxDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: almalinuxUpdaters,
  matcher: almalinuxMatcher,
};

export { almalinuxDistributionScanner };
