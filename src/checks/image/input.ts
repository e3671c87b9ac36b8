import type { FileTree } from "../../contracts/file-tree.js";
import type { ImageConfig } from "../../core/image.js";
import type { Finding } from "../../core/report.js";

/**
 * What the image rules read: the reference the user gave, its tag (null when the source has
 * none, e.g. an archive opened without a ref), the image config (null for `dir:` sources) and
 * the merged filesystem. Contents are buffered only for the paths in `imageCheckWants`.
 */
export interface ImageCheckInput {
  readonly ref: string;
  readonly tag: string | null;
  readonly config: ImageConfig | null;
  readonly tree: FileTree;
  /**
   * The image's vulnerability findings, after ignore files and VEX, when the same run matched
   * them (`claro scan --scanners vuln,config`); absent for `claro check`, which does not match.
   */
  readonly findings?: readonly Finding[];
}

/** Account databases read by the user, password and uid/gid rules. */
export const ACCOUNT_FILES = ["etc/passwd", "etc/shadow", "etc/group", "etc/master.passwd"] as const;

/**
 * Files whose *content* tells whether they hold a credential. `**` spans directories; the
 * list is deliberately narrow because every match is buffered (and a file over the caller's
 * cap stops the run).
 */
export const SECRET_FILE_WANTS = [
  "**/.npmrc",
  "**/.git-credentials",
  "**/.aws/credentials",
  "**/.docker/config.json",
  "**/.env",
  "**/.netrc",
  "**/credentials.json",
  "**/*.pem",
  "**/*.key",
  "**/id_rsa",
  "**/id_dsa",
  "**/id_ecdsa",
  "**/id_ed25519",
] as const;

/** The union of the paths the image rules need buffered; pass it as `wants` when building the tree. */
export const imageCheckWants: readonly string[] = [...ACCOUNT_FILES, ...SECRET_FILE_WANTS];

/** The tag of a reference such as `docker.io/library/alpine:3.20` or `x@sha256:…`; null when absent. */
export function tagOfReference(ref: string): string | null {
  const noDigest = ref.split("@")[0] ?? ref;
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > lastSlash ? noDigest.slice(colon + 1) || null : null;
}

/** Builds the input; a pure constructor so the CLI and tests assemble it the same way. */
export function imageCheckInput(parts: { ref: string; tag?: string | null; config: ImageConfig | null; tree: FileTree }): ImageCheckInput {
  return { ref: parts.ref, tag: parts.tag === undefined ? null : parts.tag, config: parts.config, tree: parts.tree };
}

/** Text of a buffered file, or undefined when absent or not buffered. */
export function readText(tree: FileTree, path: string): string | undefined {
  return tree.read(path)?.toString("utf8");
}

/** True when the tree has no entries at all (a config-only input). */
export function isEmptyTree(tree: FileTree): boolean {
  for (const _ of tree.entries()) return false;
  return true;
}
