import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { cratePackage, pushUnique } from "./crate-package.js";
import { cargoDevCrates } from "./cargo-dev.js";
import { parseCargoLock } from "./cargo-lock.js";

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
      for (const p of lock.packages) pushUnique(found, seen, cratePackage(p.name, p.version, e.path, dev.has(`${p.name}@${p.version}`)));
    }
    return { found, problems };
  },
};

export { cargoAuditableScanner } from "./auditable-scanner.js";
export { cargoPurl } from "./crate-package.js";
