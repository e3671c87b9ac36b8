import type { Package, PackageType } from "../core/package.js";

/**
 * How to treat language packages that an OS package installed: `precise` (the default, as
 * Trivy) reports them once, as the OS package, matched with the distribution's advisories;
 * `comprehensive` also lists them as language packages.
 */
export type DetectionPriority = "precise" | "comprehensive";

export const DETECTION_PRIORITIES: readonly DetectionPriority[] = ["precise", "comprehensive"];

export function isDetectionPriority(value: string): value is DetectionPriority {
  return (DETECTION_PRIORITIES as readonly string[]).includes(value);
}

const OS_TYPES: ReadonlySet<PackageType> = new Set(["deb", "apk", "rpm"]);

/**
 * Tells a component compiled INTO a file (found by a scanner's content probe: the Go standard
 * library and modules in Debian's /usr/bin/fzf, crates in a cargo-auditable binary) from a
 * package described by a metadata file. A compiled-in component is not the OS package that owns
 * the file, and the distribution's advisories do not cover it, so it is kept even when the OS
 * owns the file.
 */
export type EmbeddedTest = (p: Package) => boolean;

/**
 * Metadata directories whose listing in an OS package's files means the package owns the
 * metadata even when the file read is not listed (generated at install time). Shared parents
 * such as `dist-packages/` are owned by many packages, so only these private ones count.
 */
const METADATA_DIR_RE = /(?:\.dist-info|\.egg-info|^EGG-INFO)$/i;

/** Tree form: dpkg lists have a leading `/`, tree paths have none. */
function treePath(path: string): string {
  // The common, already clean form (`/usr/bin/x`) skips the split: OS packages list thousands.
  if (path.startsWith("/") && !path.endsWith("/") && !path.endsWith("/.") && !path.includes("//") && !path.includes("/./")) return path.slice(1);
  return path
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

/**
 * Splits language packages into those an OS package owns (their `foundIn` file, or its
 * metadata directory, is in some OS package's file list) and the rest. OS packages always stay.
 */
export function partitionOsOwned(packages: readonly Package[], isEmbedded: EmbeddedTest = () => false): { kept: Package[]; owned: Package[] } {
  // Only language packages can be owned: without any, the OS file lists need not be read.
  if (packages.every((p) => OS_TYPES.has(p.type) || isEmbedded(p))) return { kept: [...packages], owned: [] };
  const files = new Set<string>();
  for (const p of packages) if (OS_TYPES.has(p.type)) for (const f of p.files ?? []) files.add(treePath(f));
  const kept: Package[] = [];
  const owned: Package[] = [];
  for (const p of packages) {
    if (OS_TYPES.has(p.type) || isEmbedded(p) || files.size === 0) {
      kept.push(p);
      continue;
    }
    const path = treePath(p.foundIn);
    const parent = path.slice(0, Math.max(0, path.lastIndexOf("/")));
    const parentName = parent.slice(parent.lastIndexOf("/") + 1);
    const isOwned = files.has(path) || (parent !== "" && METADATA_DIR_RE.test(parentName) && files.has(parent));
    (isOwned ? owned : kept).push(p);
  }
  return { kept, owned };
}

/** The packages to report for a detection priority. */
export function applyDetectionPriority(packages: readonly Package[], priority: DetectionPriority, isEmbedded: EmbeddedTest = () => false): Package[] {
  return priority === "comprehensive" ? [...packages] : partitionOsOwned(packages, isEmbedded).kept;
}
