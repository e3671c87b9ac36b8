import { formatPlatform, type ResolvedImage } from "../core/image.js";
import { describeProblem } from "../core/problem.js";
import type { IndexReport } from "../core/report.js";
import type { LayeredFileTree } from "../contracts/file-tree.js";
import type { DetectionPriority } from "../indexer/index.js";
import { indexSource } from "../app/inventory.js";
import { debug } from "./debug-log.js";
import { detectReference } from "./detect-reference.js";
import { DEFAULT_MAX_FILE_SIZE, imageDeadline, type ImageFlags } from "./image-flags.js";
import { openImage } from "./open-image.js";
import { parsePlatform, platformMismatch } from "./platform.js";
import { terminalProgress } from "./progress.js";

// The read of an image that `scan`, `sbom` and `diff` share. It loads only what reading an image
// needs (no store, reporters or check rules), so `claro sbom` starts fast (issue 10 §3).

export interface InventoryFlags extends ImageFlags {
  readonly detectionPriority?: DetectionPriority;
}

/** Indexes an image, or reads an `sbom:` file (a bare path is recognised by its content). */
export async function inventory(written: string, s: InventoryFlags): Promise<IndexReport> {
  const reference = detectReference(written);
  if (reference.startsWith("sbom:")) return (await import("./sbom-input.js")).sbomInventory(reference);
  return (await inventoryWithTree(reference, s, [])).report;
}

/** One read of the image for the index and, through `extraWants`, for the image checks. */
export async function inventoryWithTree(
  reference: string,
  s: InventoryFlags,
  extraWants: readonly string[],
): Promise<{ report: IndexReport; image: ResolvedImage; tree: LayeredFileTree }> {
  const source = await openImage(reference, s);
  try {
    const indexed = await imageDeadline(s, reference, (signal) =>
      indexSource(source, {
        platform: parsePlatform(s.platform ?? "linux/amd64"),
        maxFileSize: s.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
        maxBufferedBytes: s.maxBufferedBytes,
        progress: terminalProgress(s.quiet ?? false),
        extraWants,
        signal,
        detectionPriority: s.detectionPriority,
      }),
    );
    debug(
      `${reference}: ${formatPlatform(indexed.image.platform)}, ${indexed.image.layers.length} layers, ${indexed.report.packages.length} packages, ${indexed.report.problems.length} problems`,
    );
    const mismatch = platformMismatch(s.platform, indexed.image);
    const checked = mismatch === null ? indexed : { ...indexed, report: { ...indexed.report, problems: [mismatch, ...indexed.report.problems] } };
    warnAboutSkipped(checked.report, s.quiet ?? false);
    return checked;
  } finally {
    await source.close();
  }
}

/** Files left unread for the memory budget, and a platform other than the one asked for, are in every report format; stderr says so too, as the JSON goes to a file. */
function warnAboutSkipped(report: IndexReport, quiet: boolean): void {
  if (quiet) return;
  for (const p of report.problems) if (p.kind === "skipped" || p.kind === "platform-mismatch") process.stderr.write(`claro: warning: ${describeProblem(p)}\n`);
}
