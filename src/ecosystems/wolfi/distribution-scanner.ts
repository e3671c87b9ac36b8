import { rollingDistributionScanner, type RollingApkDistro } from "../../formats/apk/rolling-release.js";

/** Wolfi: a rolling apk distribution with one secdb file, matched by origin in `wolfi:rolling`. */
export const wolfiDistro: RollingApkDistro = {
  id: "wolfi",
  upstreamUrl: "https://packages.wolfi.dev/os/security.json",
  link: (id) => `https://images.chainguard.dev/security/${encodeURIComponent(id)}`,
};

// Its own file so that a scan loads the scanner without the ecosystem's matcher (issue 10 §3).
export const wolfiDistributionScanner = rollingDistributionScanner(wolfiDistro);
