import type { Distribution } from "../../core/distribution.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import { osReleaseDistributionScanner } from "../../formats/os-release-scanner.js";

const ALPINE_RELEASE = "etc/alpine-release";
const REPOSITORIES = "etc/apk/repositories";

/**
 * Finds Alpine from os-release (`ID=alpine`, full VERSION_ID such as `3.9.6`), falling back to
 * etc/alpine-release only when there is no os-release: another distribution's os-release wins.
 * When etc/apk/repositories installs from a newer branch (`edge`, `v3.21`), packages come from
 * there, so that branch is the release (as Trivy's apk repository analyzer has it); a file system
 * with only a repositories file is Alpine of its branch. Alpine has no codenames.
 */
export const alpineDistributionScanner: DistributionScanner = osReleaseDistributionScanner({
  id: "alpine-release",
  version: 2,
  ids: ["alpine"],
  wants: [ALPINE_RELEASE, REPOSITORIES],
  release: (vars, tree) => ({
    id: "alpine",
    versionId: newerBranch(vars["VERSION_ID"] || readAlpineRelease(tree) || "", repositoryBranch(tree)),
    codename: null,
    prettyName: vars["PRETTY_NAME"] ?? null,
  }),
  withoutOsRelease: (tree: FileTree): ScanResult<Distribution> => {
    const release = readAlpineRelease(tree);
    if (release === undefined) {
      const branch = repositoryBranch(tree);
      return { found: branch === undefined ? [] : [{ id: "alpine", versionId: branch, codename: null, prettyName: null }], problems: [] };
    }
    if (!/^[0-9]+\.[0-9]+/.test(release)) {
      return { found: [], problems: [{ kind: "malformed-record", path: ALPINE_RELEASE, line: 1, detail: `unrecognised Alpine release '${release}'` }] };
    }
    return { found: [{ id: "alpine", versionId: newerBranch(release, repositoryBranch(tree)), codename: null, prettyName: null }], problems: [] };
  },
});

/** `3.20` → [3, 20]; `edge` sorts after every numbered branch. */
function branchKey(branch: string): [number, number] {
  if (branch === "edge") return [Infinity, 0];
  const m = /^(\d+)\.(\d+)/.exec(branch);
  return m ? [Number(m[1]), Number(m[2])] : [-1, -1];
}

function newer(a: string, b: string): boolean {
  const [x, y] = [branchKey(a), branchKey(b)];
  return x[0] !== y[0] ? x[0] > y[0] : x[1] > y[1];
}

/** The newest branch the untagged repository lines name (`…/alpine/edge/main`, `…/alpine/v3.19/community`). */
function repositoryBranch(tree: FileTree): string | undefined {
  let best: string | undefined;
  for (const raw of tree.read(REPOSITORIES)?.toString("utf8").split(/\r?\n/) ?? []) {
    const line = raw.trim();
    // `@tag url` repositories serve only packages pinned to the tag.
    if (line === "" || line.startsWith("#") || line.startsWith("@")) continue;
    const m = /\/(edge|v(\d+\.\d+))\/[^/]+\/?$/.exec(line);
    if (!m) continue;
    const branch = m[2] ?? "edge";
    if (best === undefined || newer(branch, best)) best = branch;
  }
  return best;
}

/** The os-release version, unless the repositories install from a newer branch. */
function newerBranch(versionId: string, branch: string | undefined): string {
  return branch !== undefined && newer(branch, versionId) ? branch : versionId;
}

function readAlpineRelease(tree: FileTree): string | undefined {
  const text = tree.read(ALPINE_RELEASE)?.toString("utf8").trim();
  return text === undefined || text === "" ? undefined : text;
}
