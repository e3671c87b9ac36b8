import type { Ecosystem } from "../../contracts/ecosystem.js";
import { apkPackageScanner } from "../../formats/apk/scanner.js";
import { rollingDistributionScanner, rollingMatcher, rollingUpdaters, type RollingApkDistro } from "../../feeds/apk/rolling.js";

/** Wolfi: a rolling apk distribution with one secdb file, matched by origin in `wolfi:rolling`. */
export const wolfiDistro: RollingApkDistro = {
  id: "wolfi",
  upstreamUrl: "https://packages.wolfi.dev/os/security.json",
  link: (id) => `https://images.chainguard.dev/security/${encodeURIComponent(id)}`,
};

export const wolfi: Ecosystem = {
  name: "wolfi",
  distributionScanners: [rollingDistributionScanner(wolfiDistro)],
  packageScanners: [apkPackageScanner],
  updaters: rollingUpdaters(wolfiDistro),
  matcher: rollingMatcher(wolfiDistro),
};
