import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { formatPurl } from "../../formats/purl.js";
import { type NuGetEntry, parseDepsJson, parsePackagesLock } from "./deps-json.js";

export function nugetPurl(name: string, version: string): string {
  return formatPurl({ type: "nuget", name, version });
}

function kindOf(path: string): "deps" | "lock" | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base.endsWith(".deps.json") && base.length > ".deps.json".length) return "deps";
  if (base === "packages.lock.json") return "lock";
  return undefined;
}

/** NuGet packages from published apps' `*.deps.json` and from `packages.lock.json` files. */
export const nugetScanner: PackageScanner = {
  id: "nuget",
  version: 1,
  kind: "package",
  wants: ["**/*.deps.json", "**/packages.lock.json"],
  scan(tree: FileTree) {
    return scanLockfiles(
      tree,
      kindOf,
      (kind, text): NuGetEntry[] | string => (kind === "deps" ? parseDepsJson : parsePackagesLock)(text),
      (p, path) => ({ name: p.name, version: p.version, type: "nuget", arch: null, source: null, purl: nugetPurl(p.name, p.version), foundIn: path }),
    );
  },
};
