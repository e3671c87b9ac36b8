import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner, ScanResult } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import type { LockParse } from "./lock-entry.js";
import { isSkippedPath, normalizePypiName, pypiPurl } from "./names.js";
import { parsePipfileLock } from "./pipfile-lock.js";
import { isPylockName, parsePylock } from "./pylock.js";
import { parseRequirements } from "./requirements.js";
import { parsePoetryLock, parseUvLock } from "./toml-locks.js";

export const LOCK_WANTS = ["**/requirements*.txt", "**/Pipfile.lock", "**/poetry.lock", "**/uv.lock", "**/pylock.toml", "**/pylock.*.toml"] as const;

type LockParser = (text: string, path: string) => LockParse;

/** The parser for a wanted lockfile name, by base name (same set as LOCK_WANTS). */
function parserFor(path: string): LockParser | null {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base === "Pipfile.lock") return parsePipfileLock;
  if (base === "poetry.lock") return parsePoetryLock;
  if (base === "uv.lock") return parseUvLock;
  if (isPylockName(base)) return parsePylock;
  if (base.startsWith("requirements") && base.endsWith(".txt")) return parseRequirements;
  return null;
}

/** Python lockfiles and pinned requirements files, in images and `dir:` sources. */
export const pythonLockScanner: PackageScanner = {
  id: "python-lockfiles",
  version: 2,
  kind: "package",
  wants: LOCK_WANTS,
  scan(tree: FileTree): ScanResult<ScannedPackage> {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const entry of tree.entries()) {
      if (entry.type !== "file" || isSkippedPath(entry.path)) continue;
      const parse = parserFor(entry.path);
      if (!parse) continue;
      const content = tree.read(entry.path);
      if (content === undefined) {
        problems.push({ kind: "unreadable-file", path: entry.path, detail: "lockfile was not buffered" });
        continue;
      }
      const result = parse(content.toString("utf8"), entry.path);
      problems.push(...result.problems);
      for (const e of result.entries) {
        found.push({
          name: normalizePypiName(e.name),
          version: e.version,
          type: "pypi",
          arch: null,
          source: null,
          purl: pypiPurl(e.name, e.version),
          foundIn: entry.path,
          ...(e.dev ? { dev: true } : {}),
        });
      }
    }
    return { found, problems };
  },
};
