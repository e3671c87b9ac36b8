import type { Ecosystem } from "../../contracts/ecosystem.js";
import { goBinaryScanner, goBuildInfoProbe, packagesOfBuildInfo } from "./binary-scanner.js";
import { readGoBuildInfo, type GoBuildInfo } from "./buildinfo.js";
import { goModScanner, parseGoMod, packagesOfGoMod } from "./gomod-scanner.js";
import { goMatcher, GO_NAMESPACE } from "./matcher.js";
import { formatGoVersionM, parseModInfo } from "./modinfo.js";
import { GO_OSV_UPSTREAM, GO_UPDATER_ID, goUpdaters } from "./updater.js";
import { compareGoVersions, goVersionScheme, stdlibVersion } from "./version.js";

/** Go: binaries (build info, found by a content probe) and go.mod files, matched against the Go vulndb (OSV). */
export const golang: Ecosystem = {
  name: "golang",
  distributionScanners: [],
  packageScanners: [goBinaryScanner, goModScanner],
  updaters: goUpdaters,
  updaterIds: ["osv/go"],
  matcher: goMatcher,
};

export {
  compareGoVersions,
  formatGoVersionM,
  GO_NAMESPACE,
  GO_OSV_UPSTREAM,
  GO_UPDATER_ID,
  goBinaryScanner,
  goBuildInfoProbe,
  type GoBuildInfo,
  goMatcher,
  goModScanner,
  goUpdaters,
  goVersionScheme,
  packagesOfBuildInfo,
  packagesOfGoMod,
  parseGoMod,
  parseModInfo,
  readGoBuildInfo,
  stdlibVersion,
};
