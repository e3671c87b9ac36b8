import { rollingDistributionScanner, type RollingApkDistro } from "../../formats/apk/rolling-release.js";

/** Chainguard: a rolling apk distribution with one secdb file, matched by origin in `chainguard:rolling`. */
export const chainguardDistro: RollingApkDistro = {
  id: "chainguard",
  upstreamUrl: "https://packages.cgr.dev/chainguard/security.json",
  link: (id) => `https://images.chainguard.dev/security/${encodeURIComponent(id)}`,
};

// Its own file so that a scan loads the scanner without the ecosystem's matcher (issue 10 §3).
export const chainguardDistributionScanner = rollingDistributionScanner(chainguardDistro);
