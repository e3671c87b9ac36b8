import type { Distribution } from "../../core/distribution.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import { parseOsRelease } from "../../formats/os-release.js";

const OS_RELEASE_PATHS = ["etc/os-release", "usr/lib/os-release"] as const;
const ALPINE_RELEASE = "etc/alpine-release";

/**
 * Finds Alpine from os-release (`ID=alpine`, full VERSION_ID such as `3.9.6`), falling back to
 * etc/alpine-release only when there is no os-release: another distribution's os-release wins.
 * Alpine has no codenames.
 */
export const alpineDistributionScanner: DistributionScanner = {
  id: "alpine-release",
  version: 1,
  kind: "distribution",
  wants: [...OS_RELEASE_PATHS, ALPINE_RELEASE],
  scan(tree: FileTree): ScanResult<Distribution> {
    for (const path of OS_RELEASE_PATHS) {
      const raw = tree.read(path);
      if (raw === undefined) continue;
      const vars = parseOsRelease(raw.toString("utf8"));
      if (vars["ID"] !== "alpine") return { found: [], problems: [] };
      const versionId = vars["VERSION_ID"] || readAlpineRelease(tree) || "";
      return { found: [{ id: "alpine", versionId, codename: null, prettyName: vars["PRETTY_NAME"] ?? null }], problems: [] };
    }
    const release = readAlpineRelease(tree);
    if (release === undefined) return { found: [], problems: [] };
    if (!/^[0-9]+\.[0-9]+/.test(release)) {
      return { found: [], problems: [{ kind: "malformed-record", path: ALPINE_RELEASE, line: 1, detail: `unrecognised Alpine release '${release}'` }] };
    }
    return { found: [{ id: "alpine", versionId: release, codename: null, prettyName: null }], problems: [] };
  },
};

function readAlpineRelease(tree: FileTree): string | undefined {
  const text = tree.read(ALPINE_RELEASE)?.toString("utf8").trim();
  return text === undefined || text === "" ? undefined : text;
}
