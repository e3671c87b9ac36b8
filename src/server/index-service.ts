import type { Matcher } from "../contracts/matcher.js";
import type { DistributionScanner, PackageScanner } from "../contracts/scanner.js";
import type { AdvisoryStore } from "../contracts/store.js";
import type { LayerExtractStore } from "../contracts/layer-extract-store.js";
import { indexStateToken, type IndexStore, type StoredIndex } from "../contracts/index-store.js";
import { FatalError, isFatalError } from "../core/problem.js";
import { buildLayeredTree } from "../image/build-tree.js";
import { createClairManifestSource, type ClairManifest, type LayerFetchLimits } from "../image/clair-manifest-source.js";
import type { UrlPolicy } from "../image/url-guard.js";
import type { TreeBuilder } from "../indexer/index.js";
import { indexSource } from "../app/inventory.js";
import { createLayerCacheTreeBuilder } from "../indexer/layer-cache.js";
import type { V2LayerStore } from "../contracts/v2-layer-store.js";
import type { HarborScanStore } from "../contracts/harbor-scan-store.js";
import type { Metrics } from "./metrics.js";

export interface ServerDeps {
  readonly indexStore: IndexStore;
  readonly advisoryStore: AdvisoryStore;
  readonly scanners: { readonly distribution: readonly DistributionScanner[]; readonly package: readonly PackageScanner[] };
  readonly matchers: readonly Matcher[];
  /** Clair v2 `/v1` layers; the `/v1` routes exist only when it is given. */
  readonly v2Layers?: V2LayerStore;
  /**
   * Content-addressed layer extracts: with it, a layer already read by the current scanner
   * versions is not fetched again, whichever manifest names it. Without it every layer is read.
   */
  readonly layerExtracts?: LayerExtractStore;
  /**
   * Harbor scan jobs, in the database so any instance (or a restarted one) answers for an id.
   * Without it, jobs live in this process only.
   */
  readonly harborScans?: HarborScanStore;
}

export interface IndexSettings extends LayerFetchLimits {
  readonly urlPolicy: UrlPolicy;
  readonly maxFileSize: number;
}

export function currentIndexState(deps: ServerDeps): string {
  return indexStateToken([...deps.scanners.distribution, ...deps.scanners.package]);
}

/** The tree builder for `deps`: by layer through the extract store when there is one. */
export function treeBuilderFor(deps: ServerDeps, metrics?: Metrics): TreeBuilder {
  if (deps.layerExtracts === undefined) return buildLayeredTree;
  return createLayerCacheTreeBuilder({
    store: deps.layerExtracts,
    scanners: [...deps.scanners.distribution, ...deps.scanners.package],
    ...(metrics
      ? {
          onLayer: (e) =>
            metrics.inc("claro_index_layers_total", "Layers of indexed manifests by cache outcome (reuse, record, fetch)", { outcome: e.decision.action }),
        }
      : {}),
  });
}

/**
 * Indexes a manifest synchronously through the shared pipeline. A manifest already finished by the
 * current scanners is returned as stored. Only whole results are saved: IndexFinished with its
 * report, or IndexError with the reason (never over an earlier finished report); a refused request
 * (bad layer uri) saves nothing.
 */
export async function indexManifest(deps: ServerDeps, settings: IndexSettings, manifest: ClairManifest, metrics: Metrics): Promise<StoredIndex> {
  const state = currentIndexState(deps);
  const existing = await deps.indexStore.get(manifest.hash);
  if (existing !== null && existing.state === "IndexFinished" && existing.indexState === state) {
    metrics.inc("claro_index_jobs_total", "Index requests by outcome", { outcome: "cached" });
    return existing;
  }
  const source = createClairManifestSource(manifest, {
    policy: settings.urlPolicy,
    maxLayerBytes: settings.maxLayerBytes,
    layerTimeoutMs: settings.layerTimeoutMs,
  });
  const started = performance.now();
  try {
    const { report } = await indexSource(source, {
      platform: { os: "linux", architecture: "amd64" },
      scanners: deps.scanners,
      buildTree: treeBuilderFor(deps, metrics),
      maxFileSize: settings.maxFileSize,
    });
    // Package file lists served the OS-owned dedupe during indexing; no API shows them, and they
    // are most of a stored report's bytes, which every vulnerability_report would read again.
    const lean = { ...report, packages: report.packages.map(({ files: _files, ...p }) => p) };
    const done: StoredIndex = {
      manifest: manifest.hash,
      state: "IndexFinished",
      error: null,
      indexState: state,
      report: lean,
      updatedAt: new Date().toISOString(),
    };
    await deps.indexStore.save(done);
    metrics.inc("claro_index_jobs_total", "Index requests by outcome", { outcome: "finished" });
    return done;
  } catch (e) {
    if (isFatalError(e) && e.code === "URL_FORBIDDEN") {
      metrics.inc("claro_index_jobs_total", "Index requests by outcome", { outcome: "refused" });
      throw e;
    }
    const reason = isFatalError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    // Clair records a failed index as IndexError (GET index_report shows it with `err`, and no
    // packages); a finished report made by older scanners is worth more than that, so it stays.
    if (existing === null || existing.state !== "IndexFinished") {
      await deps.indexStore.save({
        manifest: manifest.hash,
        state: "IndexError",
        error: reason,
        indexState: state,
        report: null,
        updatedAt: new Date().toISOString(),
      });
    }
    metrics.inc("claro_index_jobs_total", "Index requests by outcome", { outcome: "error" });
    throw isFatalError(e) ? e : new FatalError("LAYER_CORRUPT", reason, undefined, { cause: e });
  } finally {
    metrics.observe("claro_index_job_duration_seconds", "Time spent indexing manifests", {}, (performance.now() - started) / 1000);
    await source.close();
  }
}
