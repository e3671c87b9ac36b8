import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { Distribution } from "../../core/distribution.js";
import type { Problem } from "../../core/problem.js";
import { parseOsRelease } from "../../formats/os-release.js";
import { releaseKey, releaseOfCodename, releaseOfVersion } from "./releases.js";

const OS_RELEASE_PATHS = ["etc/os-release", "usr/lib/os-release"] as const;
const LSB_RELEASE = "etc/lsb-release";

/**
 * Finds Ubuntu from os-release (etc first, then usr/lib, as os-release(5) says). lsb-release is
 * read only when there is no os-release at all, so a derivative that keeps Ubuntu's lsb-release
 * but ships its own os-release is never taken for Ubuntu.
 */
export const ubuntuDistributionScanner: DistributionScanner = {
  id: "ubuntu-release",
  version: 1,
  kind: "distribution",
  wants: [...OS_RELEASE_PATHS, LSB_RELEASE],
  scan(tree: FileTree): ScanResult<Distribution> {
    const problems: Problem[] = [];
    for (const path of OS_RELEASE_PATHS) {
      const raw = tree.read(path);
      if (raw === undefined) continue;
      const vars = parseOsRelease(raw.toString("utf8"));
      if (vars["ID"] !== "ubuntu") return { found: [], problems };
      const dist = fromVars(vars["VERSION_ID"], vars["VERSION_CODENAME"] || vars["UBUNTU_CODENAME"], vars["PRETTY_NAME"]);
      if (dist) return { found: [dist], problems };
      problems.push({ kind: "malformed-record", path, line: null, detail: "ID=ubuntu without a VERSION_ID or a known codename" });
      return { found: [], problems };
    }
    const lsb = tree.read(LSB_RELEASE);
    if (lsb === undefined) return { found: [], problems };
    // lsb-release uses the same KEY=value syntax as os-release.
    const vars = parseOsRelease(lsb.toString("utf8"));
    if (vars["DISTRIB_ID"]?.toLowerCase() !== "ubuntu") return { found: [], problems };
    const dist = fromVars(vars["DISTRIB_RELEASE"], vars["DISTRIB_CODENAME"], vars["DISTRIB_DESCRIPTION"]);
    if (!dist) problems.push({ kind: "malformed-record", path: LSB_RELEASE, line: null, detail: "DISTRIB_ID=Ubuntu without a DISTRIB_RELEASE or a known codename" });
    return { found: dist ? [dist] : [], problems };
  },
};

function fromVars(version: string | undefined, codename: string | undefined, pretty: string | undefined): Distribution | undefined {
  const byVersion = version ? releaseOfVersion(version) : undefined;
  const byCodename = codename ? releaseOfCodename(codename) : undefined;
  const versionId = version ? releaseKey(version) : byCodename?.version;
  if (versionId === undefined) return undefined;
  return { id: "ubuntu", versionId, codename: codename?.toLowerCase() || byVersion?.codename || null, prettyName: pretty || null };
}
