import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { Distribution } from "../../core/distribution.js";
import { parseOsRelease } from "../../formats/os-release.js";
import { osReleaseDistributionScanner } from "../../formats/os-release-scanner.js";
import { releaseKey, releaseOfCodename, releaseOfVersion } from "./releases.js";

const LSB_RELEASE = "etc/lsb-release";

/**
 * Finds Ubuntu from os-release (etc first, then usr/lib, as os-release(5) says). lsb-release is
 * read only when there is no os-release at all, so a derivative that keeps Ubuntu's lsb-release
 * but ships its own os-release is never taken for Ubuntu.
 */
export const ubuntuDistributionScanner: DistributionScanner = osReleaseDistributionScanner({
  id: "ubuntu-release",
  version: 1,
  ids: ["ubuntu"],
  wants: [LSB_RELEASE],
  release: (vars) =>
    fromVars(vars["VERSION_ID"], vars["VERSION_CODENAME"] || vars["UBUNTU_CODENAME"], vars["PRETTY_NAME"]) ??
    "ID=ubuntu without a VERSION_ID or a known codename",
  withoutOsRelease: (tree: FileTree): ScanResult<Distribution> => {
    const lsb = tree.read(LSB_RELEASE);
    if (lsb === undefined) return { found: [], problems: [] };
    // lsb-release uses the same KEY=value syntax as os-release.
    const vars = parseOsRelease(lsb.toString("utf8"));
    if (vars["DISTRIB_ID"]?.toLowerCase() !== "ubuntu") return { found: [], problems: [] };
    const dist = fromVars(vars["DISTRIB_RELEASE"], vars["DISTRIB_CODENAME"], vars["DISTRIB_DESCRIPTION"]);
    if (!dist)
      return {
        found: [],
        problems: [{ kind: "malformed-record", path: LSB_RELEASE, line: null, detail: "DISTRIB_ID=Ubuntu without a DISTRIB_RELEASE or a known codename" }],
      };
    return { found: [dist], problems: [] };
  },
});

function fromVars(version: string | undefined, codename: string | undefined, pretty: string | undefined): Distribution | undefined {
  const byVersion = version ? releaseOfVersion(version) : undefined;
  const byCodename = codename ? releaseOfCodename(codename) : undefined;
  const versionId = version ? releaseKey(version) : byCodename?.version;
  if (versionId === undefined) return undefined;
  return { id: "ubuntu", versionId, codename: codename?.toLowerCase() || byVersion?.codename || null, prettyName: pretty || null };
}
