import type { ImageSource, Progress } from "../contracts/image-source.js";
import type { Platform } from "../core/image.js";
import { buildLayeredTree } from "../image/index.js";
import { distributionCatalog, packageCatalog } from "../ecosystems/scanner-catalog.js";
import { indexImageDeferred, indexImageWithTree, type DetectionPriority, type IndexedImage, type TreeBuilder } from "../indexer/index.js";
import type { Scanners } from "./engines.js";

export interface InventoryOptions {
  readonly platform: Platform;
  readonly maxFileSize: number;
  readonly maxBufferedBytes?: number | undefined;
  readonly progress?: Progress | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Paths the caller reads from the same tree (the image checks), buffered in the same single read. */
  readonly extraWants?: readonly string[] | undefined;
  readonly detectionPriority?: DetectionPriority | undefined;
  /**
   * Default: every registered ecosystem's scanners, each loaded only when the image has a file it
   * reads (scanner-catalog.ts). The server passes its own (tests inject some).
   */
  readonly scanners?: Scanners | undefined;
  /** Default: read every layer; the server reads through its layer-extract cache. */
  readonly buildTree?: TreeBuilder | undefined;
}

/**
 * Indexes an opened image: the step `claro scan`, `claro sbom`, `claro check --scanners`, the
 * Clair v4 and v2 indexers and the Harbor scan job share. The caller opens and closes `source`.
 */
export function indexSource(source: ImageSource, o: InventoryOptions): Promise<IndexedImage> {
  const common = {
    platform: o.platform,
    buildTree: o.buildTree ?? buildLayeredTree,
    maxFileSize: o.maxFileSize,
    ...(o.maxBufferedBytes !== undefined ? { maxBufferedBytes: o.maxBufferedBytes } : {}),
    ...(o.progress ? { progress: o.progress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.extraWants ? { extraWants: o.extraWants } : {}),
    ...(o.detectionPriority ? { detectionPriority: o.detectionPriority } : {}),
  };
  if (o.scanners === undefined) return indexImageDeferred(source, { ...common, distributionScanners: distributionCatalog, packageScanners: packageCatalog });
  return indexImageWithTree(source, { ...common, distributionScanners: o.scanners.distribution, packageScanners: o.scanners.package });
}
