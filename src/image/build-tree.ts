import type { LayeredFileTree } from "../contracts/file-tree.js";
import type { ImageSource, Progress } from "../contracts/image-source.js";
import type { ContentProbe } from "../contracts/scanner.js";
import type { ResolvedImage } from "../core/image.js";
import { BufferBudget, DEFAULT_MAX_BUFFERED_BYTES } from "./buffer-budget.js";
import type { ZstdBackend } from "./compression.js";
import { isDirSource, walkDirectory } from "./dir-source.js";
import { walkLayer } from "./layer-walk.js";
import { MergedTreeBuilder } from "./merged-tree.js";
import { MEDIA_TYPES } from "./oci-manifest.js";
import { compileWants } from "./paths.js";

export interface BuildTreeOptions {
  /** Globs of the paths whose content scanners read; `*` stays within one segment. */
  readonly wants: readonly string[];
  /** Largest file that may be buffered; a bigger wanted file stops the run (FILE_TOO_LARGE). */
  readonly maxFileSize: number;
  /**
   * Total bytes held for parsing across all layers (default DEFAULT_MAX_BUFFERED_BYTES): a wanted
   * file past it is not read, and the tree's `problems` name it.
   */
  readonly maxBufferedBytes?: number;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  /** Forces a zstd implementation (tests); by default zstd-napi, else fzstd. */
  readonly zstdBackend?: ZstdBackend;
  /** Content probes run on matching files as they stream; results land on `TreeEntry.probes`. */
  readonly probes?: readonly ContentProbe[];
  /** Called with each wanted path as its entry is read (a path may come more than once). */
  readonly onWanted?: (path: string) => void;
}

/** Reads the image's layers in order, each exactly once, into the merged, layered tree. */
export async function buildLayeredTree(source: ImageSource, image: ResolvedImage, options: BuildTreeOptions): Promise<LayeredFileTree> {
  const wants = compileWants(options.wants);
  const budget = new BufferBudget(options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);
  const builder = new MergedTreeBuilder(wants, budget, options.onWanted);
  const n = image.layers.length;
  for (const [i, layer] of image.layers.entries()) {
    options.signal?.throwIfAborted();
    builder.beginLayer(i, layer.diffId);
    if (layer.mediaType === MEDIA_TYPES.claroRootfs && isDirSource(source)) {
      await walkDirectory(
        source.rootDir,
        {
          wants,
          maxFileSize: options.maxFileSize,
          budget,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.probes ? { probes: options.probes } : {}),
        },
        builder.apply,
      );
      continue;
    }
    const raw = await source.openLayer(layer, options.signal);
    await walkLayer(
      raw,
      layer,
      {
        wants,
        maxFileSize: options.maxFileSize,
        budget,
        label: `layer ${i + 1}/${n}`,
        ...(options.progress ? { progress: options.progress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.zstdBackend ? { zstdBackend: options.zstdBackend } : {}),
        ...(options.probes ? { probes: options.probes } : {}),
      },
      builder.apply,
    );
  }
  return builder.finish(n);
}
