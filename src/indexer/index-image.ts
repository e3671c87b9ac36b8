import type { Distribution } from "../core/distribution.js";
import type { ImageConfig, Platform, ResolvedImage } from "../core/image.js";
import type { Package } from "../core/package.js";
import type { Problem } from "../core/problem.js";
import type { BuildInfo, IndexReport } from "../core/report.js";
import type { LayeredFileTree } from "../contracts/file-tree.js";
import type { ImageSource, Progress } from "../contracts/image-source.js";
import type { ContentProbe, DistributionScanner, PackageScanner } from "../contracts/scanner.js";
import { attributeLayers } from "./attribute-layers.js";
import { applyDetectionPriority, type DetectionPriority } from "./os-owned.js";

/** Reads an image once and builds its layered tree; supplied by `image/` (kept as a port for tests). */
export type TreeBuilder = (
  source: ImageSource,
  image: ResolvedImage,
  options: { wants: readonly string[]; maxFileSize: number; maxBufferedBytes?: number; progress?: Progress; signal?: AbortSignal; probes?: readonly ContentProbe[] },
) => Promise<LayeredFileTree>;

export interface IndexOptions {
  readonly platform: Platform;
  readonly distributionScanners: readonly DistributionScanner[];
  readonly packageScanners: readonly PackageScanner[];
  readonly buildTree: TreeBuilder;
  readonly maxFileSize: number;
  /** Total bytes held for parsing in one scan; past it files are skipped, and the report says which. */
  readonly maxBufferedBytes?: number;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  /**
   * More paths to buffer in the same single read of the image, for other consumers of the tree
   * (the image checks of `claro scan --scanners config`). Scanners never see a difference.
   */
  readonly extraWants?: readonly string[];
  /**
   * `precise` (default): language packages installed by the OS package manager (their metadata
   * is in a deb/apk/rpm file list) are left out, so they are matched once, as OS packages.
   * `comprehensive`: they are listed too.
   */
  readonly detectionPriority?: DetectionPriority;
}

/** The index plus what it was built from, for callers that analyse the same read further. */
export interface IndexedImage {
  readonly report: IndexReport;
  readonly image: ResolvedImage;
  readonly tree: LayeredFileTree;
}

/**
 * The index pipeline, in the order of claircore's controller states:
 * CheckManifest (resolve) → FetchLayers + ScanLayers (one streaming pass per layer) →
 * Coalesce (distribution, packages, layer attribution) → IndexFinished.
 * Any FatalError from a step propagates: a failed index never looks like an empty one.
 */
export async function indexImage(source: ImageSource, options: IndexOptions): Promise<IndexReport> {
  return (await indexImageWithTree(source, options)).report;
}

/** `indexImage`, also returning the resolved image and its tree (with `extraWants` buffered). */
export async function indexImageWithTree(source: ImageSource, options: IndexOptions): Promise<IndexedImage> {
  const image = await source.resolve({ platform: options.platform, ...(options.signal ? { signal: options.signal } : {}) });
  const scannerWants = [...options.distributionScanners, ...options.packageScanners].flatMap((s) => s.wants);
  const wants = [...new Set([...scannerWants, ...(options.extraWants ?? [])])].sort();
  // One probe per id: two scanners sharing a probe (binary + its attribution) read the file once.
  const probes = [...new Map(options.packageScanners.flatMap((s) => (s.probe ? [[s.probe.id, s.probe] as const] : []))).values()];
  const tree = await options.buildTree(source, image, {
    wants,
    ...(probes.length > 0 ? { probes } : {}),
    maxFileSize: options.maxFileSize,
    ...(options.maxBufferedBytes !== undefined ? { maxBufferedBytes: options.maxBufferedBytes } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // Files the tree could not hold come first: every result below may be missing what they list.
  const problems: Problem[] = [...(tree.problems ?? [])];
  const distribution = detectDistribution(tree, options.distributionScanners, problems);
  const context = { distribution };
  const diffIds = image.layers.map((l) => l.diffId);
  const packages: Package[] = [];
  // Packages a content probe found are compiled into their file (see os-owned.ts).
  const embedded = new Set<Package>();
  for (const scanner of options.packageScanners) {
    const result = scanner.scan(tree, context);
    // Loops, not push(...xs): spreading 200,000 packages (a hostile dpkg status) overflows the stack.
    for (const p of result.problems) problems.push(p);
    if (result.found.length === 0) continue;
    const attributed = attributeLayers(tree, scanner, context, result.found, diffIds);
    for (const p of attributed) packages.push(p);
    if (scanner.probe !== undefined) for (const p of attributed) embedded.add(p);
  }
  const report: IndexReport = {
    source: { ref: image.ref, digest: image.digest, platform: image.platform, repository: image.repository },
    distribution,
    layers: image.layers.map((l) => ({ digest: l.digest, diffId: l.diffId, createdBy: l.createdBy, size: l.size })),
    ...(image.config ? { build: buildInfo(image.config) } : {}),
    packages: sortPackages(applyDetectionPriority(packages, options.detectionPriority ?? "precise", (p) => embedded.has(p))),
    problems,
  };
  return { report, image, tree };
}

const BASE_NAME = "org.opencontainers.image.base.name";
const BASE_DIGEST = "org.opencontainers.image.base.digest";

function buildInfo(config: ImageConfig): BuildInfo {
  const labels = config.config.Labels ?? {};
  return {
    history: (config.history ?? []).map((h) => ({ createdBy: h.created_by ?? null, emptyLayer: h.empty_layer === true })),
    baseName: labels[BASE_NAME] ?? null,
    baseDigest: labels[BASE_DIGEST] ?? null,
  };
}

function detectDistribution(
  tree: LayeredFileTree,
  scanners: readonly DistributionScanner[],
  problems: Problem[],
): Distribution | null {
  for (const scanner of scanners) {
    const result = scanner.scan(tree);
    for (const p of result.problems) problems.push(p);
    const found = result.found[0];
    if (found) return found;
  }
  return null;
}

function sortPackages(packages: Package[]): Package[] {
  return packages.sort(
    (a, b) =>
      cmp(a.type, b.type) ||
      cmp(a.name, b.name) ||
      cmp(a.version, b.version) ||
      cmp(a.arch ?? "", b.arch ?? ""),
  );
}

/** Code-unit order, so reports are identical whatever the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
