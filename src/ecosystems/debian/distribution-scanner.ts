import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { Distribution } from "../../core/distribution.js";
import { osReleaseDistributionScanner, type OsReleaseVars } from "../../formats/os-release-scanner.js";
import { codenameOfVersion, UNSTABLE, versionOfCodename } from "./releases.js";

const DEBIAN_VERSION = "etc/debian_version";

/**
 * Finds Debian from os-release (etc first, then usr/lib, as os-release(5) says) and falls back
 * to etc/debian_version only when there is no os-release at all: derivatives such as Ubuntu
 * ship a debian_version too, so it must never override another distribution's os-release.
 */
export const debianDistributionScanner: DistributionScanner = osReleaseDistributionScanner({
  id: "debian-release",
  version: 1,
  ids: ["debian"],
  wants: [DEBIAN_VERSION],
  release: (vars, tree) => fromOsRelease(vars, readDebianVersion(tree)),
  withoutOsRelease: (tree: FileTree): ScanResult<Distribution> => {
    const dv = readDebianVersion(tree);
    if (dv === undefined) return { found: [], problems: [] };
    const dist = fromDebianVersion(dv);
    if (!dist) return { found: [], problems: [{ kind: "malformed-record", path: DEBIAN_VERSION, line: 1, detail: `unrecognised Debian version '${dv}'` }] };
    return { found: [dist], problems: [] };
  },
});

function readDebianVersion(tree: FileTree): string | undefined {
  const text = tree.read(DEBIAN_VERSION)?.toString("utf8").trim();
  return text === undefined || text === "" ? undefined : text;
}

function fromOsRelease(vars: OsReleaseVars, debianVersion: string | undefined): Distribution {
  const versionCodename = vars["VERSION_CODENAME"] || /\(([a-z]+)\)/.exec(vars["VERSION"] ?? "")?.[1];
  let versionId = vars["VERSION_ID"] ?? "";
  // testing and sid have no VERSION_ID; their debian_version reads like `trixie/sid`.
  if (versionId === "") versionId = (debianVersion && fromDebianVersion(debianVersion)?.versionId) || UNSTABLE;
  const codename = versionCodename ?? codenameOfVersion(versionId) ?? null;
  return { id: "debian", versionId, codename, prettyName: vars["PRETTY_NAME"] ?? null };
}

/** `12.5` → Debian 12 bookworm; `bookworm/sid` → unstable; `9.13` → stretch. */
export function fromDebianVersion(text: string): Distribution | undefined {
  const v = text.trim();
  if (/^[0-9]+(\.[0-9]+)*$/.test(v)) {
    const major = v.split(".")[0]!;
    const codename = codenameOfVersion(v) ?? null;
    return { id: "debian", versionId: Number(major) >= 4 ? major : v, codename, prettyName: null };
  }
  const m = /^([a-z]+)\/sid$/.exec(v);
  if (m) return { id: "debian", versionId: UNSTABLE, codename: "sid", prettyName: null };
  const byName = versionOfCodename(v);
  if (byName) return { id: "debian", versionId: byName, codename: v === "unstable" ? "sid" : v, prettyName: null };
  return undefined;
}
