import type { DistributionScanner } from "../../contracts/scanner.js";
import { osReleaseDistributionScanner } from "../os-release-scanner.js";

/**
 * An os-release distribution scanner for a set of `ID`s (rpm distributions have no fallback
 * file that derivatives do not also ship). `versionId` may normalise VERSION_ID (Photon `3.0` → `3`).
 */
export function osReleaseScanner(
  id: string,
  ids: readonly string[],
  versionId: (raw: string, vars: Record<string, string>) => string = (v) => v,
): DistributionScanner {
  return osReleaseDistributionScanner({
    id,
    version: 1,
    ids,
    release: (vars) => {
      const osId = vars["ID"] ?? "";
      const v = vars["VERSION_ID"] ?? "";
      // Tumbleweed is a rolling release: its os-release has no VERSION_ID.
      if (v === "" && osId !== "opensuse-tumbleweed") return `${osId} os-release without VERSION_ID`;
      return { id: osId, versionId: versionId(v, { ...vars }), codename: vars["VERSION_CODENAME"] || null, prettyName: vars["PRETTY_NAME"] ?? null };
    },
  });
}
