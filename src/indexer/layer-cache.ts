import type { Readable } from "node:stream";
import type { LayerExtractStore, ScannerVersions, StoredLayerExtract } from "../contracts/layer-extract-store.js";
import type { ContentProbe } from "../contracts/scanner.js";
import type { Digest } from "../core/digest.js";
import type { LayerInfo } from "../core/image.js";
import { isFatalError } from "../core/problem.js";
import { BufferBudget, DEFAULT_MAX_BUFFERED_BYTES } from "../image/buffer-budget.js";
import { buildLayeredTree } from "../image/build-tree.js";
import { isDirSource } from "../image/dir-source.js";
import { matchingProbes } from "../image/probes.js";
import { decodeExtract, encodeExtract, extractLayer, treeFromExtracts, type LayerExtract } from "../image/layer-extract.js";
import type { TreeBuilder } from "./index-image.js";
import { compileWants } from "./wants.js";

/** What the cache needs to know of a scanner: its identity and what it reads from a layer. */
export interface CachedScanner {
  readonly id: string;
  readonly version: number;
  readonly wants: readonly string[];
  readonly probe?: ContentProbe;
}

/**
 * What happens to one layer:
 * - `reuse`: every current scanner is recorded on the stored extract; nothing is fetched.
 * - `record`: some scanners are new or bumped, but the layer holds nothing they read; their
 *   versions are added to the stored record and the extract is reused as it is.
 * - `fetch`: the layer is fetched and extracted again (`absent`: never stored; `unreadable`:
 *   the stored extract does not decode; `stale`: a new or bumped scanner reads something in it).
 */
export type LayerDecision =
  | { readonly action: "reuse" }
  | { readonly action: "record"; readonly scanners: ScannerVersions }
  | { readonly action: "fetch"; readonly reason: "absent" | "unreadable" | "stale"; readonly scanners: readonly string[] };

export interface LayerCacheEvent {
  readonly index: number;
  readonly digest: Digest;
  readonly decision: LayerDecision;
}

export interface LayerCacheOptions {
  readonly store: LayerExtractStore;
  /** The scanners the index runs, distribution and package alike. */
  readonly scanners: readonly CachedScanner[];
  /** Told the decision for each distinct layer of each image (metrics, tests). */
  readonly onLayer?: (event: LayerCacheEvent) => void;
}

/**
 * Whether `scanner` reads anything in a layer whose extract is `extract`. The extract lists
 * every entry of the layer with its path, mode and size, so this is decided without the blob:
 * - a regular file whose path matches the scanner's wants: its content would be buffered for it;
 * - a regular file its probe matches (`matchingProbes`, the very test the layer walk applies:
 *   path, mode and size only): the probe would run on it;
 * - a file carrying a result of its probe: that result was computed by another version of the
 *   probe's code and must not be served to this one.
 * Whiteouts, directories and links carry no content, so they never need a fetch: the stored
 * extract already records them. Buffered contents are the file's bytes, independent of any
 * scanner's code, so a file other scanners wanted can stay as it is.
 */
export function scannerReads(scanner: CachedScanner, extract: LayerExtract): boolean {
  const wanted = compileWants(scanner.wants);
  const probe = scanner.probe;
  for (const e of extract.entries) {
    if (e.kind !== "file") continue;
    if (scanner.wants.length > 0 && wanted(e.path)) return true;
    if (probe !== undefined && (matchingProbes([probe], e).length > 0 || e.probes?.[probe.id] !== undefined)) return true;
  }
  return false;
}

/**
 * The decision for one layer (see `LayerDecision`). A scanner is stale on a record when the
 * record lacks its id or names another version. Only stale scanners are checked against the
 * layer's entries: bumping a scanner re-reads exactly the layers holding paths it reads (or
 * probe candidates), and every other layer just gets the new version recorded.
 */
export function decideLayer(stored: StoredLayerExtract | undefined, extract: LayerExtract | null, scanners: readonly CachedScanner[]): LayerDecision {
  if (stored === undefined) return { action: "fetch", reason: "absent", scanners: scanners.map((s) => s.id) };
  const stale = scanners.filter((s) => stored.scanners[s.id] !== s.version);
  if (stale.length === 0 && extract !== null) return { action: "reuse" };
  if (extract === null) return { action: "fetch", reason: "unreadable", scanners: scanners.map((s) => s.id) };
  const reading = stale.filter((s) => scannerReads(s, extract));
  if (reading.length > 0) return { action: "fetch", reason: "stale", scanners: reading.map((s) => s.id) };
  return { action: "record", scanners: Object.fromEntries(stale.map((s) => [s.id, s.version])) };
}

/** How one layer is read when it must be: the same options the layer walk takes. */
export interface ExtractRequest {
  readonly wants: readonly string[];
  readonly maxFileSize: number;
  readonly probes?: readonly ContentProbe[];
  readonly signal?: AbortSignal;
  readonly label?: string;
  /** The scan's budget for files held for parsing; an extract it cut short is not stored. */
  readonly budget?: BufferBudget;
}

/** The per-layer half of the cache, shared by the tree builder and the Clair v2 layer route. */
export interface LayerCache {
  /**
   * Whether stored versions vouch for these wants and probes: only the scanners' own are.
   * Extra wants (other consumers of the tree) must be read from the blob.
   */
  covers(wants: readonly string[], probes: readonly ContentProbe[] | undefined): boolean;
  lookup(digests: readonly Digest[]): Promise<ReadonlyMap<Digest, StoredLayerExtract>>;
  /**
   * The layer's extract: the stored one when `decideLayer` allows (recording bumped versions
   * that read nothing in it), else `open()`ed, read, verified against `layer.digest` and stored.
   */
  extract(
    layer: LayerInfo,
    record: StoredLayerExtract | undefined,
    open: () => Promise<Readable>,
    req: ExtractRequest,
  ): Promise<{ extract: LayerExtract; decision: LayerDecision }>;
}

export function createLayerCache(options: LayerCacheOptions): LayerCache {
  const served: Record<string, number> = Object.fromEntries(options.scanners.map((s) => [s.id, s.version]));
  const scannerWants = new Set(options.scanners.flatMap((s) => s.wants));
  const probeIds = new Set(options.scanners.flatMap((s) => (s.probe ? [s.probe.id] : [])));
  return {
    covers: (wants, probes) => wants.every((w) => scannerWants.has(w)) && (probes ?? []).every((p) => probeIds.has(p.id)),
    lookup: (digests) => options.store.get(digests),
    async extract(layer, record, open, req) {
      const decoded = record === undefined ? null : tryDecode(record.extract);
      const decision = decideLayer(record, decoded, options.scanners);
      if (decision.action === "fetch" || decoded === null) {
        const refusedBefore = req.budget?.problems().length ?? 0;
        const extract = await extractLayer(await open(), layer, {
          wants: req.wants,
          maxFileSize: req.maxFileSize,
          ...(req.label ? { label: req.label } : {}),
          ...(req.probes ? { probes: req.probes } : {}),
          ...(req.signal ? { signal: req.signal } : {}),
          ...(req.budget ? { budget: req.budget } : {}),
        });
        // Files left out for this scan's budget are not a fact about the blob: do not cache them away.
        if ((req.budget?.problems().length ?? 0) > refusedBefore) return { extract, decision };
        await options.store.put({ digest: layer.digest, extract: encodeExtract(extract), scanners: served });
        return { extract, decision };
      }
      if (decision.action === "record" && !(await options.store.addScanners(layer.digest, decision.scanners))) {
        // Deleted meanwhile: store it again with what it is known to serve.
        await options.store.put({ digest: layer.digest, extract: encodeExtract(decoded), scanners: { ...record!.scanners, ...decision.scanners } });
      }
      return { extract: decoded, decision };
    },
  };
}

/**
 * A TreeBuilder that indexes by layer, content-addressed: each layer's extract is stored under
 * its blob digest with the scanner versions it serves, and a layer is fetched only when
 * `decideLayer` says so, whichever image names it. Fetched layers go through
 * `source.openLayer`, so the source's own limits (size, time, URL policy) apply unchanged.
 *
 * Each extract is saved as soon as its layer was read and verified: it is a fact about that
 * blob, not part of any manifest's index, so a later layer failing leaves no half-made index,
 * only a cache entry that spares the retry a fetch.
 */
export function createLayerCacheTreeBuilder(options: LayerCacheOptions): TreeBuilder {
  const cache = createLayerCache(options);
  return async (source, image, opts) => {
    // A directory is read in place: there is nothing to fetch.
    if (isDirSource(source) || !cache.covers(opts.wants, opts.probes)) return buildLayeredTree(source, image, opts);
    const stored = await cache.lookup(image.layers.map((l) => l.digest));
    const budget = new BufferBudget(opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);
    const read = new Map<Digest, LayerExtract>();
    const layers: { diffId: Digest; extract: LayerExtract }[] = [];
    for (const [i, layer] of image.layers.entries()) {
      opts.signal?.throwIfAborted();
      let extract = read.get(layer.digest);
      if (extract === undefined) {
        const label = `layer ${i + 1}/${image.layers.length}`;
        const got = await cache.extract(layer, stored.get(layer.digest), () => source.openLayer(layer, opts.signal), { ...opts, label, budget });
        options.onLayer?.({ index: i, digest: layer.digest, decision: got.decision });
        // A fetched layer was charged as it was read; a stored one is charged now.
        extract = got.decision.action === "fetch" ? got.extract : charged(got.extract, budget);
        read.set(layer.digest, extract);
      }
      layers.push({ diffId: layer.diffId, extract });
    }
    return treeFromExtracts(layers, opts.wants, budget);
  };
}

/** A stored extract within the budget: contents that do not fit are left out of this scan's tree. */
function charged(extract: LayerExtract, budget: BufferBudget): LayerExtract {
  let cut = false;
  const entries = extract.entries.map((e) => {
    if (e.content === null || budget.tryReserve(e.path, e.content.length)) return e;
    cut = true;
    return { ...e, content: null };
  });
  return cut ? { ...extract, entries } : extract;
}

/** An extract written by an older format or damaged reads as absent: the layer is fetched again. */
function tryDecode(data: Buffer): LayerExtract | null {
  try {
    return decodeExtract(data);
  } catch (e) {
    if (isFatalError(e)) return null;
    throw e;
  }
}
