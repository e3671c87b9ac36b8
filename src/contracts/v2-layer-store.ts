/** A Clair v2 layer as stored: names are caller-chosen, the chain is kept by `parentName`. */
export interface V2Layer {
  readonly name: string;
  readonly parentName: string | null;
  readonly path: string;
  /** `debian:12`; empty when no OS was detected in the chain (then `error` says why). */
  readonly namespace: string;
  readonly format: string;
  readonly indexedByVersion: number;
  /** The compressed layer extract (image/layer-extract.ts `encodeExtract`). */
  readonly extract: Buffer;
  readonly error: string | null;
}

/**
 * The `v2_layers` table (index migration 3). Tables are created by the IndexStore's `migrate()`;
 * this store only reads and writes them, on the backend's one pool or handle.
 */
export interface V2LayerStore {
  /** Inserts or replaces the layer of that name. */
  put(layer: V2Layer): Promise<void>;
  get(name: string): Promise<V2Layer | null>;
  /** The layer and its ancestors, base first; empty when the layer is unknown. */
  chain(name: string): Promise<readonly V2Layer[]>;
  /** Deletes the layer and all its descendants; resolves false when it was unknown. */
  delete(name: string): Promise<boolean>;
  close(): Promise<void>;
}
