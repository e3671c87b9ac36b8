import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import { auditableOf, cargoAuditableProbe } from "./auditable.js";
import { cratePackage, pushUnique } from "./crate-package.js";

// Apart from the Cargo.lock scanner: the probe's scanner loads for every image, the TOML parser
// only for images with a Cargo.lock (issue 10 §3).

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
      for (const p of auditableOf(e.probes) ?? []) pushUnique(found, seen, cratePackage(p.name, p.version, e.path));
    }
    return { found, problems: [] };
  },
};
