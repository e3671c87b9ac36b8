import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { Distribution } from "../../core/distribution.js";
import { parseOsRelease } from "../os-release.js";

const OS_RELEASE_PATHS = ["etc/os-release", "usr/lib/os-release"] as const;

/**
 * An os-release distribution scanner for a set of `ID`s (rpm distributions have no fallback
 * file that derivatives do not also ship). `versionId` may normalise VERSION_ID (Photon `3.0` → `3`).
 */
export function osReleaseScanner(id: string, ids: readonly string[], versionId: (raw: string, vars: Record<string, string>) => string = (v) => v): DistributionScanner {
  return {
    id,
    version: 1,
    kind: "distribution",
    wants: [...OS_RELEASE_PATHS],
    scan(tree: FileTree): ScanResult<Distribution> {
      for (const path of OS_RELEASE_PATHS) {
        const raw = tree.read(path);
        if (raw === undefined) continue;
        const vars = parseOsRelease(raw.toString("utf8"));
        const osId = vars["ID"] ?? "";
        if (!ids.includes(osId)) return { found: [], problems: [] };
        const v = vars["VERSION_ID"] ?? "";
        if (v === "" && osId !== "opensuse-tumbleweed") {
          return { found: [], problems: [{ kind: "malformed-record", path, line: null, detail: `${osId} os-release without VERSION_ID` }] };
        }
        return { found: [{ id: osId, versionId: versionId(v, vars), codename: vars["VERSION_CODENAME"] || null, prettyName: vars["PRETTY_NAME"] ?? null }], problems: [] };
      }
      return { found: [], problems: [] };
    },
  };
}
