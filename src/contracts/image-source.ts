import type { Readable } from "node:stream";
import type { LayerInfo, Platform, ResolvedImage } from "../core/image.js";

export interface ResolveOptions {
  readonly platform: Platform;
  readonly signal?: AbortSignal;
}

/**
 * Where an image comes from: a registry, an archive, a layout or a directory.
 * Sources verify manifest and config digests; layer blobs are verified by the layer reader.
 */
export interface ImageSource {
  /** The transport prefix: `registry`, `docker-archive`, `oci-archive`, `oci`, `dir`. */
  readonly transport: string;
  resolve(options: ResolveOptions): Promise<ResolvedImage>;
  /** The raw blob of a layer as stored (possibly compressed). */
  openLayer(layer: LayerInfo, signal?: AbortSignal): Promise<Readable>;
  close(): Promise<void>;
}

/** Receives progress for long work. The CLI renders bars on a TTY; elsewhere it is a no-op. */
export interface Progress {
  /** `unit` tells a renderer how to show amounts; defaults to `items`. */
  start(label: string, total: number | null, unit?: "bytes" | "items"): ProgressTask;
}

export interface ProgressTask {
  advance(amount: number): void;
  done(): void;
}

export const silentProgress: Progress = {
  start: () => ({ advance: () => undefined, done: () => undefined }),
};
