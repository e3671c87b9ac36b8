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

/**
 * Looks inside files that cannot be found by name (e.g. Go or Rust binaries anywhere on disk).
 * While a layer streams, each regular file that `match`es and is at most `maxBytes` long is
 * buffered (one at a time), `run` is called on it, and only its small JSON-able result is kept,
 * on the entry as `TreeEntry.probes[id]`; the bytes are dropped. `run` returns undefined (or null)
 * for "nothing here", so most files leave no trace. It must not throw for any input.
 */
export interface ContentProbe {
  /** Stable id, kebab-case; the key in `TreeEntry.probes`. */
  readonly id: string;
  readonly maxBytes: number;
  /** Decides from metadata alone, before a byte is read; keep it cheap and selective. */
  match(entry: { readonly path: string; readonly mode: number; readonly size: number }): boolean;
  /**
   * `maxExtraBytes`, when given, is how much more the probe may allocate while it reads (nested
   * archives it inflates): what is left of the scan's budget for files held for parsing. Past it
   * the probe reads less and reports what it skipped in its result.
   * `content` is valid only during the call (the walk reuses its memory for the next file): the
   * result must copy what it keeps, as strings and numbers do.
   */
  run(content: Buffer, path: string, maxExtraBytes?: number): unknown;
}

export interface PackageScanner extends ScannerBase<"package"> {
  /** Optional: a content probe whose results this scanner reads from `TreeEntry.probes`. */
  readonly probe?: ContentProbe;
  scan(tree: FileTree, context: ScanContext): ScanResult<ScannedPackage>;
}

export interface DistributionScanner extends ScannerBase<"distribution"> {
  scan(tree: FileTree): ScanResult<Distribution>;
}

export type Scanner = PackageScanner | DistributionScanner;
