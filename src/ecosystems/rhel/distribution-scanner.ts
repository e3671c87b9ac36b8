import type { FileTree } from "../../contracts/file-tree.js";
import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { Distribution } from "../../core/distribution.js";
import type { Problem } from "../../core/problem.js";
import { osReleaseDistributionScanner, type OsReleaseVars } from "../../formats/os-release-scanner.js";
import { CONTENT_MANIFEST_WANTS, readContentSets } from "./content-sets.js";

/** Checked in this order: a derivative's own file first, since its redhat-release is a copy. */
const RELEASE_FILES = ["etc/centos-release", "etc/rocky-release", "etc/almalinux-release", "etc/redhat-release"] as const;

/** The os-release IDs this ecosystem matches with Red Hat's data. */
export const RHEL_FAMILY_IDS = ["rhel", "centos", "rocky", "almalinux"] as const;
// Distributions that say ID_LIKE="… rhel …" but have feeds of their own (and own ecosystems).
const OWN_FEEDS = new Set(["ol", "amzn", "fedora", "mariner", "azurelinux"]);

export function isRhelFamily(id: string): boolean {
  return (RHEL_FAMILY_IDS as readonly string[]).includes(id);
}

/**
 * Finds RHEL, UBI (ID=rhel), CentOS, Rocky and AlmaLinux from os-release, and falls back to the
 * `*-release` files for images without one (RHEL/CentOS 6). Another os-release ID is not ours,
 * except an unknown ID that is ID_LIKE rhel: that derivative is reported as `rhel` of its major
 * so that it is matched with RHEL's data, its own ID kept in the pretty name.
 */
export const rhelDistributionScanner: DistributionScanner = osReleaseDistributionScanner({
  id: "rhel-release",
  version: 2,
  ids: null,
  wants: [...RELEASE_FILES, CONTENT_MANIFEST_WANTS],
  release: (vars, tree) => {
    const dist = fromOsRelease(vars);
    if (!dist) return null;
    const problems: Problem[] = [];
    return { found: [withContentSets(dist, tree, problems)], problems };
  },
  withoutOsRelease: (tree: FileTree): ScanResult<Distribution> => {
    for (const path of RELEASE_FILES) {
      const raw = tree.read(path)?.toString("utf8").trim();
      if (raw === undefined || raw === "") continue;
      const dist = fromReleaseLine(raw);
      if (!dist) return { found: [], problems: [{ kind: "malformed-record", path, line: 1, detail: `unrecognised release line '${raw.split("\n")[0]}'` }] };
      return { found: [dist], problems: [] };
    }
    return { found: [], problems: [] };
  },
});

/**
 * Adds the content sets of a Red Hat-built image (content-sets.ts) so the matcher can scope to
 * the streams it was built from. Images without manifests, and derivatives, are left as they are.
 */
function withContentSets(dist: Distribution, tree: FileTree, problems: Problem[]): Distribution {
  const read = readContentSets(tree);
  problems.push(...read.problems);
  return read.contentSets.length > 0 ? { ...dist, repositories: read.contentSets } : dist;
}

function fromOsRelease(vars: OsReleaseVars): Distribution | null {
  const id = vars["ID"] ?? "";
  const versionId = vars["VERSION_ID"] ?? "";
  if (versionId === "") return null;
  const prettyName = vars["PRETTY_NAME"] ?? null;
  if (isRhelFamily(id)) return { id, versionId, codename: null, prettyName };
  const like = (vars["ID_LIKE"] ?? "").split(/\s+/);
  if (OWN_FEEDS.has(id) || !(like.includes("rhel") || like.includes("centos"))) return null;
  return { id: "rhel", versionId, codename: null, prettyName: prettyName ?? id };
}

const RELEASE_LINES: [RegExp, string][] = [
  [/^CentOS(?: Stream| Linux)? release (\d+(?:\.\d+)*)/i, "centos"],
  [/^Rocky Linux release (\d+(?:\.\d+)*)/i, "rocky"],
  [/^AlmaLinux release (\d+(?:\.\d+)*)/i, "almalinux"],
  [/^Red Hat Enterprise Linux.* release (\d+(?:\.\d+)*)/i, "rhel"],
];

/** `CentOS release 6.10 (Final)` → centos 6.10; `Red Hat Enterprise Linux Server release 7.9 (Maipo)` → rhel 7.9. */
export function fromReleaseLine(line: string): Distribution | null {
  const first = line.split("\n")[0]!.trim();
  for (const [re, id] of RELEASE_LINES) {
    const m = re.exec(first);
    if (m) return { id, versionId: m[1]!, codename: null, prettyName: first };
  }
  return null;
}
