import type { FileTree } from "../contracts/file-tree.js";
import type { ScanResult } from "../contracts/scanner.js";
import type { ScannedPackage } from "../core/package.js";
import type { Problem } from "../core/problem.js";

/**
 * The loop every lockfile-style scanner shares: pick files by path, parse each one, turn its
 * entries into packages, and keep an unreadable file as a problem instead of failing the scan.
 * `parse` returns the entries, or a one-line reason the file could not be read.
 */
export function scanLockfiles<K, E>(
  tree: FileTree,
  kindOf: (path: string) => K | undefined,
  parse: (kind: K, text: string) => readonly E[] | string,
  toPackage: (entry: E, path: string) => ScannedPackage,
): ScanResult<ScannedPackage> {
  const found: ScannedPackage[] = [];
  const problems: Problem[] = [];
  for (const e of tree.entries()) {
    const kind = e.type === "file" ? kindOf(e.path) : undefined;
    if (kind === undefined) continue;
    const body = tree.read(e.path);
    if (body === undefined) continue;
    const got = parse(kind, body.toString("utf8"));
    if (typeof got === "string") {
      problems.push({ kind: "malformed-record", path: e.path, line: null, detail: got });
      continue;
    }
    for (const entry of got) found.push(toPackage(entry, e.path));
  }
  return { found, problems };
}
