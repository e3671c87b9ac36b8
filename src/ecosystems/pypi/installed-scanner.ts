import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner, ScanResult } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { header, parseCoreMetadata } from "./metadata.js";
import { isSkippedPath, normalizePypiName, pypiPurl } from "./names.js";

/**
 * Installed distributions: wheel installs (`*.dist-info/METADATA`), setuptools installs
 * (`*.egg-info/PKG-INFO`, eggs' `EGG-INFO/PKG-INFO`), and single-file egg-info (Debian ships
 * some python3-* packages with `*.egg-info` as a plain file). The `*` before `dist-info` also
 * catches the bare `dist-info/` directories some vendored layouts use (Syft reads those too).
 */
export const INSTALLED_WANTS = ["**/*dist-info/METADATA", "**/*DIST-INFO/METADATA", "**/*egg-info/PKG-INFO", "**/*EGG-INFO/PKG-INFO", "**/*.egg-info"] as const;

// The same set as INSTALLED_WANTS, as one test on the path (ecosystems may not import the indexer).
const INSTALLED_RE = /(?:^|\/)(?:[^/]*(?:dist-info|DIST-INFO)\/METADATA|[^/]*(?:egg-info|EGG-INFO)\/PKG-INFO|[^/]*\.egg-info)$/;
const isWanted = (path: string): boolean => INSTALLED_RE.test(path);

export const pythonInstalledScanner: PackageScanner = {
  id: "python-installed",
  version: 1,
  kind: "package",
  wants: INSTALLED_WANTS,
  scan(tree: FileTree): ScanResult<ScannedPackage> {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const entry of tree.entries()) {
      // A `*.egg-info` directory matches the last pattern too; only files hold metadata.
      if (entry.type !== "file" || !isWanted(entry.path) || isSkippedPath(entry.path)) continue;
      const content = tree.read(entry.path);
      if (content === undefined) {
        problems.push({ kind: "unreadable-file", path: entry.path, detail: "python metadata was not buffered" });
        continue;
      }
      const pkg = fromMetadata(content.toString("utf8"), entry.path, problems);
      if (pkg) found.push(pkg);
    }
    return { found, problems };
  },
};

function fromMetadata(text: string, path: string, problems: Problem[]): ScannedPackage | null {
  const meta = parseCoreMetadata(text);
  const name = header(meta, "Name")?.trim() ?? "";
  const version = header(meta, "Version")?.trim() ?? "";
  if (name === "" || version === "") {
    problems.push({ kind: "malformed-record", path, line: null, detail: `python metadata without ${name === "" ? "Name" : "Version"}; skipped` });
    return null;
  }
  return {
    name: normalizePypiName(name),
    version,
    type: "pypi",
    arch: null,
    source: null,
    purl: pypiPurl(name, version),
    foundIn: path,
  };
}
