import type { Digest } from "../core/digest.js";
import type { Problem } from "../core/problem.js";

export type EntryType = "file" | "dir" | "symlink" | "hardlink" | "other";

/** One path in the merged image filesystem, with the layer that last wrote it. */
export interface TreeEntry {
  /** Normalised, relative to the image root, no leading slash: `etc/os-release`. */
  readonly path: string;
  readonly type: EntryType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  /** Symlink or hardlink target as stored in the tar. */
  readonly linkTarget: string | null;
  /** diffID of the layer that last wrote this path. */
  readonly layer: Digest;
  readonly layerIndex: number;
  /** Results of content probes (`ContentProbe.id` → result) for files a probe matched and answered. */
  readonly probes?: Readonly<Record<string, unknown>>;
}

/**
 * A read-only view of an image filesystem. Contents are available only for the paths some
 * scanner declared in `wants`; everything else has metadata only.
 *
 * Implementations must:
 * - resolve symlinks (`read`, `resolve`) inside the image root: `..` and absolute targets are
 *   clamped to the root and never reach the host filesystem;
 * - give up on symlink loops (return undefined) rather than spin.
 */
export interface FileTree {
  /** The entry at `path` itself, without following a final symlink. */
  stat(path: string): TreeEntry | undefined;
  /** The path `path` points to after following symlinks, or undefined if it dangles. */
  resolve(path: string): string | undefined;
  /** The buffered content of `path` (after following symlinks); undefined when absent or not wanted. */
  read(path: string): Buffer | undefined;
  /** Entries whose path starts with `prefix` (a directory, without trailing slash), sorted. */
  list(prefix: string): TreeEntry[];
  /** Every entry of the tree, in path order. */
  entries(): Iterable<TreeEntry>;
}

/**
 * The merged tree of an image plus its history: `at(i)` is the filesystem as it stood after
 * layer `i` (0-based), restricted to wanted files. The indexer uses it to find the layer that
 * introduced each package.
 */
export interface LayeredFileTree extends FileTree {
  readonly layerCount: number;
  at(layerIndex: number): FileTree;
  /** Wanted or probed paths that were written or removed in layer `layerIndex`. */
  changedIn(layerIndex: number): readonly string[];
  /** Files the tree did not hold while it was built (over the scan's budget), for the report. */
  readonly problems?: readonly Problem[];
}
