import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { goPurl } from "./binary-scanner.js";

export interface GoModFile {
  readonly module: string | null;
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
  return { module, requires, replaces };
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

export const goModScanner: PackageScanner = {
  id: "go-mod",
  version: 1,
  kind: "package",
  wants: ["**/go.mod"],
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const e of tree.entries()) {
      if (e.type !== "file" || !(e.path === "go.mod" || e.path.endsWith("/go.mod"))) continue;
      const body = tree.read(e.path);
      if (body === undefined) continue;
      found.push(...packagesOfGoMod(parseGoMod(body.toString("utf8")), e.path));
    }
    return { found, problems };
  },
};
