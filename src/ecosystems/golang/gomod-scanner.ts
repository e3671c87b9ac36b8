import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { goPurl } from "./binary-scanner.js";
import { compareGoVersions } from "./version.js";

export interface GoModFile {
  readonly module: string | null;
  /** The `go` directive (`1.16`); null when absent, which Go reads as 1.16. */
  readonly goVersion: string | null;
  readonly requires: readonly { readonly path: string; readonly version: string; readonly indirect: boolean }[];
  /** `old [version] => new [version]`; `newVersion` null for a local directory. */
  readonly replaces: readonly { readonly oldPath: string; readonly oldVersion: string | null; readonly newPath: string; readonly newVersion: string | null }[];
}

function unquoteToken(t: string): string {
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t.startsWith("`") && t.endsWith("`") ? t.slice(1, -1) : t;
}

/** Parses go.mod's `module`, `require` and `replace` directives (single-line and block forms). */
export function parseGoMod(text: string): GoModFile {
  let module: string | null = null;
  let goVersion: string | null = null;
  const requires: { path: string; version: string; indirect: boolean }[] = [];
  const replaces: { oldPath: string; oldVersion: string | null; newPath: string; newVersion: string | null }[] = [];
  let block: string | null = null;
  for (const raw of text.split("\n")) {
    const comment = raw.indexOf("//");
    const indirect = comment >= 0 && /\/\/\s*indirect\b/.test(raw.slice(comment));
    const line = (comment >= 0 ? raw.slice(0, comment) : raw).trim();
    if (line === "") continue;
    if (block !== null && line === ")") {
      block = null;
      continue;
    }
    let verb: string = block ?? "";
    let rest = line;
    if (block === null) {
      const m = /^(\S+)\s*(.*)$/.exec(line)!;
      verb = m[1]!;
      rest = m[2]!.trim();
      if (rest === "(") {
        block = verb;
        continue;
      }
    }
    const tokens = rest.split(/\s+/).map(unquoteToken);
    if (verb === "module") module = tokens[0] ?? null;
    else if (verb === "go") goVersion = tokens[0] ?? null;
    else if (verb === "require" && tokens.length >= 2) requires.push({ path: tokens[0]!, version: tokens[1]!, indirect });
    else if (verb === "replace") {
      const arrow = tokens.indexOf("=>");
      if (arrow < 1) continue;
      const left = tokens.slice(0, arrow);
      const right = tokens.slice(arrow + 1);
      if (right.length === 0) continue;
      replaces.push({ oldPath: left[0]!, oldVersion: left[1] ?? null, newPath: right[0]!, newVersion: right[1] ?? null });
    }
  }
  return { module, goVersion, requires, replaces };
}

/**
 * The modules a go.mod requires, with `replace` directives applied: a versioned replacement
 * substitutes path and version; one by a local directory drops the module (no version to match).
 */
export function packagesOfGoMod(mod: GoModFile, foundIn: string): ScannedPackage[] {
  const out: ScannedPackage[] = [];
  for (const r of mod.requires) {
    const rep = mod.replaces.find((x) => x.oldPath === r.path && (x.oldVersion === null || x.oldVersion === r.version));
    if (rep && rep.newVersion === null) continue;
    const path = rep ? rep.newPath : r.path;
    const version = rep?.newVersion ?? r.version;
    out.push({ name: path, version, type: "golang", arch: null, source: null, purl: goPurl(path, version), foundIn });
  }
  return out;
}

/** Go before 1.17 left indirect dependencies out of go.mod (module graph pruning came in 1.17). */
function listsIndirect(mod: GoModFile): boolean {
  const m = /^(\d+)\.(\d+)/.exec(mod.goVersion ?? "1.16");
  return m !== null && (Number(m[1]) > 1 || Number(m[2]) >= 17);
}

/**
 * Modules whose content go.sum hashes (lines without `/go.mod`), newest version per path, that
 * go.mod does not already name: the indirect dependencies a pre-1.17 go.mod leaves out, as
 * Trivy reads them. `/go.mod`-only lines are modules whose go.mod was read during version
 * selection but whose code was not built.
 */
export function packagesOfGoSum(text: string, mod: GoModFile, foundIn: string): ScannedPackage[] {
  const named = new Set([mod.module, ...mod.requires.map((r) => r.path), ...mod.replaces.flatMap((r) => [r.oldPath, r.newPath])]);
  const newest = new Map<string, string>();
  for (const line of text.split("\n")) {
    const [path, version] = line.trim().split(/\s+/);
    if (path === undefined || version === undefined || version.endsWith("/go.mod") || named.has(path)) continue;
    const prev = newest.get(path);
    if (prev === undefined || compareGoVersions(version, prev) > 0) newest.set(path, version);
  }
  return [...newest].map(([path, version]) => ({ name: path, version, type: "golang", arch: null, source: null, purl: goPurl(path, version), foundIn }));
}

export const goModScanner: PackageScanner = {
  id: "go-mod",
  version: 2,
  kind: "package",
  wants: ["**/go.mod", "**/go.sum"],
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const e of tree.entries()) {
      if (e.type !== "file" || !(e.path === "go.mod" || e.path.endsWith("/go.mod"))) continue;
      const body = tree.read(e.path);
      if (body === undefined) continue;
      const mod = parseGoMod(body.toString("utf8"));
      found.push(...packagesOfGoMod(mod, e.path));
      if (listsIndirect(mod)) continue;
      const sumPath = `${e.path.slice(0, -"go.mod".length)}go.sum`;
      const sum = tree.read(sumPath);
      if (sum !== undefined) found.push(...packagesOfGoSum(sum.toString("utf8"), mod, sumPath));
    }
    return { found, problems };
  },
};
