import type { Ecosystem } from "../../contracts/ecosystem.js";
import { apkPackageScanner } from "../../formats/apk/scanner.js";
import { rollingDistributionScanner, rollingMatcher, rollingUpdaters, type RollingApkDistro } from "../../feeds/apk/rolling.js";

/** Chainguard: a rolling apk distribution with one secdb file, matched by origin in `chainguard:rolling`. */
export const chainguardDistro: RollingApkDistro = {
  id: "chainguard",
  upstreamUrl: "https://packages.cgr.dev/chainguard/security.json",
  link: (id) => `https://images.chainguard.dev/security/${encodeURIComponent(id)}`,
};

export const chainguard: Ecosystem = {
  name: "chainguard",
  distributionScanners: [rollingDistributionScanner(chainguardDistro)],
  packageScanners: [apkPackageScanner],
  updaters: rollingUpdaters(chainguardDistro),
  matcher: rollingMatcher(chainguardDistro),
};
