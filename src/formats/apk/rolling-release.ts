import type { DistributionScanner } from "../../contracts/scanner.js";
import { osReleaseDistributionScanner } from "../os-release-scanner.js";

// Apart from the distributions' feeds (feeds/apk/rolling.ts): every image loads the distribution
// scanners, and the secdb updater would bring its JSON and YAML stream parsers along (issue 10 §3).

/**
 * Building blocks for rolling apk distributions (Wolfi, Chainguard): one secdb file for the
 * whole distribution, one namespace (`wolfi:rolling`), os-release as the only marker.
 */
export interface RollingApkDistro {
  /** os-release ID and ecosystem name, e.g. `wolfi`. */
  readonly id: string;
  /** Upstream secdb URL; its last path segment is the file name used under `dir`/`url` sources. */
  readonly upstreamUrl: string;
  readonly link: (vulnerabilityId: string) => string;
}

export const rollingNamespace = (d: RollingApkDistro): string => `${d.id}:rolling`;

export function rollingDistributionScanner(d: RollingApkDistro): DistributionScanner {
  return osReleaseDistributionScanner({
    id: `${d.id}-release`,
    version: 1,
    ids: [d.id],
    // Rolling distributions may leave VERSION_ID out; `rolling` keeps purls meaningful.
    release: (vars) => ({ id: d.id, versionId: vars["VERSION_ID"] || "rolling", codename: null, prettyName: vars["PRETTY_NAME"] ?? null }),
  });
}
