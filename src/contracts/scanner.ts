import type { Distribution } from "../core/distribution.js";
import type { ScannedPackage } from "../core/package.js";
import type { Problem } from "../core/problem.js";
import type { FileTree } from "./file-tree.js";

export type ScanKind = "package" | "distribution";

export interface ScanResult<T> {
  readonly found: readonly T[];
  readonly problems: readonly Problem[];
}

export interface ScanContext {
  /** The image's distribution, when one was detected (package scanners put it in purls). */
  readonly distribution: Distribution | null;
}

interface ScannerBase<K extends ScanKind> {
  /** Stable id, kebab-case, e.g. `dpkg`, `os-release`. */
  readonly id: string;
  /** Bump when output changes: cached layer results keyed on an older version are invalid. */
  readonly version: number;
  readonly kind: K;
  /**
   * Paths whose content the scanner reads, relative to the root with no leading slash.
   * `*` matches within one path segment. Only these files are buffered while a layer streams.
   */
  readonly wants: readonly string[];
}

export interface PackageScanner extends ScannerBase<"package"> {
  scan(tree: FileTree, context: ScanContext): ScanResult<ScannedPackage>;
}

export interface DistributionScanner extends ScannerBase<"distribution"> {
  scan(tree: FileTree): ScanResult<Distribution>;
}

export type Scanner = PackageScanner | DistributionScanner;
