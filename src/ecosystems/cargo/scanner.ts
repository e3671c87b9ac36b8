import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { formatPurl } from "../../formats/purl.js";
import { auditableOf, cargoAuditableProbe } from "./auditable.js";
import { cargoDevCrates } from "./cargo-dev.js";
import { parseCargoLock } from "./cargo-lock.js";

export function cargoPurl(name: string, version: string): string {
  return formatPurl({ type: "cargo", name, version });
}

function pkg(name: string, version: string, foundIn: string, dev = false): ScannedPackage {
  return { name, version, type: "cargo", arch: null, source: null, purl: cargoPurl(name, version), foundIn, ...(dev ? { dev: true } : {}) };
}

/** Same crate twice in one file (Cargo never writes that) collapses to one entry. */
function pushUnique(out: ScannedPackage[], seen: Set<string>, p: ScannedPackage): void {
  const key = `${p.foundIn}\0${p.name}@${p.version}`;
  if (seen.has(key)) return;
  seen.add(key);
  out.push(p);
}

/**
 * Every `[[package]]` of every `Cargo.lock`, workspace members included (as Trivy and Syft report
 * them): a member's name can still be looked up, and a lockfile gives no way to tell which
 * crates end up in a shipped binary. The Cargo.toml files beside a lock say which crates only
 * `[dev-dependencies]` reach: those are marked dev (version 2).
 */
export const cargoLockScanner: PackageScanner = {
  id: "cargo-lock",
  version: 2,
  kind: "package",
  wants: ["**/Cargo.lock", "**/Cargo.toml"],
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    const seen = new Set<string>();
    for (const e of tree.entries()) {
      if (e.type !== "file" || !(e.path === "Cargo.lock" || e.path.endsWith("/Cargo.lock"))) continue;
      const body = tree.read(e.path);
      if (body === undefined) continue;
      const text = body.toString("utf8");
      const lock = parseCargoLock(text);
      for (const err of lock.errors) problems.push({ kind: "malformed-record", path: e.path, line: err.line, detail: err.detail });
      const dev = cargoDevCrates(tree, e.path, text);
      for (const p of lock.packages) pushUnique(found, seen, pkg(p.name, p.version, e.path, dev.has(`${p.name}@${p.version}`)));
    }
    return { found, problems };
  },
};

/** Crates recorded by cargo-auditable in Rust executables, found by the `.dep-v0` content probe. */
export const cargoAuditableScanner: PackageScanner = {
  id: "cargo-auditable",
  version: 1,
  kind: "package",
  wants: [],
  probe: cargoAuditableProbe,
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const seen = new Set<string>();
    for (const e of tree.entries()) {
      if (e.type !== "file" || e.probes === undefined) continue;
      for (const p of auditableOf(e.probes) ?? []) pushUnique(found, seen, pkg(p.name, p.version, e.path));
    }
    return { found, problems: [] };
  },
};
