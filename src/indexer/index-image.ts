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
import { compileWants } from "./wants.js";

/** Reads an image once and builds its layered tree; supplied by `image/` (kept as a port for tests). */
export type TreeBuilder = (
  source: ImageSource,
  image: ResolvedImage,
  options: {
    wants: readonly string[];
    maxFileSize: number;
    maxBufferedBytes?: number;
    progress?: Progress;
    signal?: AbortSignal;
    probes?: readonly ContentProbe[];
    /** Each wanted path as it is read; a builder that cannot tell (a cache) may never call it. */
    onWanted?: (path: string) => void;
  },
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
  const tree = await readTree(source, image, options, scannerWants, options.packageScanners);
  return analyse(image, tree, options.distributionScanners, options.packageScanners, options.detectionPriority);
}

/** A scanner known by its id and wants, loaded on demand (the CLI's catalog, app/inventory.ts). */
export interface DeferredScanner<S> {
  readonly id: string;
  readonly wants: readonly string[];
  /** Loaded before the layers stream: its content probe looks at every file. */
  readonly probed: boolean;
  load(): Promise<S>;
}

export type DeferredIndexOptions = Omit<IndexOptions, "distributionScanners" | "packageScanners"> & {
  readonly distributionScanners: readonly DeferredScanner<DistributionScanner>[];
  readonly packageScanners: readonly DeferredScanner<PackageScanner>[];
};

/**
 * `indexImageWithTree` with scanners that load only when the image has a file they want (or,
 * for a probe's scanner, before the read). A scanner none of whose paths is in any layer would
 * find nothing, so the report is the same as with every scanner loaded; only fewer modules load.
 */
export async function indexImageDeferred(source: ImageSource, options: DeferredIndexOptions): Promise<IndexedImage> {
  const loader = new ScannerLoader();
  // Probe scanners load while the image's documents are read; they must be there before the layers.
  const probing = Promise.all(options.packageScanners.filter((d) => d.probed).map((d) => loader.load(d)));
  probing.catch(() => undefined);
  const image = await source.resolve({ platform: options.platform, ...(options.signal ? { signal: options.signal } : {}) });
  const scannerWants = [...options.distributionScanners, ...options.packageScanners].flatMap((d) => d.wants);
  const byName = [...options.distributionScanners, ...options.packageScanners].filter((d) => !d.probed).map((d) => ({ d, wanted: compileWants(d.wants) }));
  // A scanner starts loading at its first wanted path, so its module compiles while gunzip works.
  const onWanted = (path: string): void => {
    for (const s of byName) if (!loader.started(s.d) && s.wanted(path)) loader.start(s.d);
  };
  const tree = await readTree(source, image, options, scannerWants, await probing, onWanted);
  const seen: string[] = [];
  for (let i = 0; i < tree.layerCount; i++) for (const p of tree.changedIn(i)) seen.push(p);
  // A scanner runs when the tree has a path it wants: one the builder reported while it read, or
  // (for a builder that reports nothing, like a cache) one found in the tree's changed paths.
  const needed = <S>(list: readonly DeferredScanner<S>[]): Promise<S[]> =>
    Promise.all(list.filter((d) => d.probed || loader.started(d) || (d.wants.length > 0 && seen.some(compileWants(d.wants)))).map((d) => loader.load(d)));
  const [distribution, packages] = await Promise.all([needed(options.distributionScanners), needed(options.packageScanners)]);
  return analyse(image, tree, distribution, packages, options.detectionPriority);
}

/** Each deferred scanner's load, started once; a load that fails is reported when awaited, not before. */
class ScannerLoader {
  private readonly loads = new Map<DeferredScanner<unknown>, Promise<unknown>>();

  started(d: DeferredScanner<unknown>): boolean {
    return this.loads.has(d);
  }

  start(d: DeferredScanner<unknown>): void {
    if (this.loads.has(d)) return;
    const p = d.load();
    // Awaited later by `load`; until then a rejection must not count as unhandled.
    p.catch(() => undefined);
    this.loads.set(d, p);
  }

  load<S>(d: DeferredScanner<S>): Promise<S> {
    this.start(d);
    return this.loads.get(d) as Promise<S>;
  }
}

/** The one streaming read of every layer, buffering what the scanners (and `extraWants`) read. */
function readTree(
  source: ImageSource,
  image: ResolvedImage,
  options: Omit<IndexOptions, "distributionScanners" | "packageScanners">,
  scannerWants: readonly string[],
  packageScanners: readonly PackageScanner[],
  onWanted?: (path: string) => void,
): Promise<LayeredFileTree> {
  const wants = [...new Set([...scannerWants, ...(options.extraWants ?? [])])].sort();
  // One probe per id: two scanners sharing a probe (binary + its attribution) read the file once.
  const probes = [...new Map(packageScanners.flatMap((s) => (s.probe ? [[s.probe.id, s.probe] as const] : []))).values()];
  return options.buildTree(source, image, {
    wants,
    ...(probes.length > 0 ? { probes } : {}),
    maxFileSize: options.maxFileSize,
    ...(options.maxBufferedBytes !== undefined ? { maxBufferedBytes: options.maxBufferedBytes } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(onWanted ? { onWanted } : {}),
  });
}

/** Coalesce: the distribution, each scanner's packages with their layers, and the report. */
function analyse(
  image: ResolvedImage,
  tree: LayeredFileTree,
  distributionScanners: readonly DistributionScanner[],
  packageScanners: readonly PackageScanner[],
  detectionPriority: DetectionPriority | undefined,
): IndexedImage {
  // Files the tree could not hold come first: every result below may be missing what they list.
  const problems: Problem[] = [...(tree.problems ?? [])];
  const distribution = detectDistribution(tree, distributionScanners, problems);
  const context = { distribution };
  const diffIds = image.layers.map((l) => l.diffId);
  const packages: Package[] = [];
  // Packages a content probe found are compiled into their file (see os-owned.ts).
  const embedded = new Set<Package>();
  for (const scanner of packageScanners) {
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
    packages: sortPackages(applyDetectionPriority(packages, detectionPriority ?? "precise", (p) => embedded.has(p))),
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

function detectDistribution(tree: LayeredFileTree, scanners: readonly DistributionScanner[], problems: Problem[]): Distribution | null {
  for (const scanner of scanners) {
    const result = scanner.scan(tree);
    for (const p of result.problems) problems.push(p);
    const found = result.found[0];
    if (found) return found;
  }
  return null;
}

function sortPackages(packages: Package[]): Package[] {
  return packages.sort((a, b) => cmp(a.type, b.type) || cmp(a.name, b.name) || cmp(a.version, b.version) || cmp(a.arch ?? "", b.arch ?? ""));
}

/** Code-unit order, so reports are identical whatever the machine's locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
