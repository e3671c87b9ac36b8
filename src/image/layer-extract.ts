import type { Readable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import type { LayeredFileTree } from "../contracts/file-tree.js";
import type { ContentProbe } from "../contracts/scanner.js";
import type { Digest } from "../core/digest.js";
import type { LayerInfo } from "../core/image.js";
import { FatalError } from "../core/problem.js";
import type { BufferBudget } from "./buffer-budget.js";
import { walkLayer, type LayerEntry } from "./layer-walk.js";
import { MergedTreeBuilder } from "./merged-tree.js";
import { compileWants } from "./paths.js";

/**
 * What one streaming pass over a layer kept: every entry's metadata, wanted files' contents,
 * probe results, whiteouts and opaque dirs. Enough to rebuild the merged tree of any chain of
 * layers later without fetching a blob again (Clair v2 layers are posted one at a time).
 */
export interface LayerExtract {
  /** The wants the pass buffered; a tree needing other wants must re-read the layer. */
  readonly wants: readonly string[];
  readonly entries: readonly LayerEntry[];
}

export interface ExtractOptions {
  readonly wants: readonly string[];
  readonly maxFileSize: number;
  readonly probes?: readonly ContentProbe[];
  readonly signal?: AbortSignal;
  readonly verifyDigest?: boolean;
  readonly label?: string;
  /** The scan's budget for files held for parsing: a wanted file past it is left out of the extract. */
  readonly budget?: BufferBudget;
}

/** Reads one layer blob once into its extract. */
export async function extractLayer(raw: Readable, layer: LayerInfo, options: ExtractOptions): Promise<LayerExtract> {
  const entries: LayerEntry[] = [];
  await walkLayer(
    raw,
    layer,
    {
      wants: compileWants(options.wants),
      maxFileSize: options.maxFileSize,
      ...(options.probes ? { probes: options.probes } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.verifyDigest !== undefined ? { verifyDigest: options.verifyDigest } : {}),
      ...(options.label ? { label: options.label } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
    },
    (e) => entries.push(e),
  );
  return { wants: [...options.wants].sort(), entries };
}

/**
 * The merged, layered tree of a chain of extracts, base first; `diffId` names each layer in the
 * tree. With the budget the extracts were charged to, the tree's `problems` name what it left out.
 */
export function treeFromExtracts(
  layers: readonly { readonly diffId: Digest; readonly extract: LayerExtract }[],
  wants: readonly string[],
  budget?: BufferBudget,
): LayeredFileTree {
  const builder = new MergedTreeBuilder(compileWants(wants), budget);
  for (const [i, l] of layers.entries()) {
    builder.beginLayer(i, l.diffId);
    for (const e of l.extract.entries) builder.apply(e);
  }
  return builder.finish(layers.length);
}

const KINDS = ["file", "dir", "symlink", "hardlink", "other", "whiteout", "opaque"] as const;

/** Compact positional form: [kind, path, mode, uid, gid, size, linkTarget, content(base64)|null, probes|null]. */
const wireEntry = z.tuple([
  z
    .number()
    .int()
    .min(0)
    .max(KINDS.length - 1),
  z.string(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.string().nullable(),
  z.string().nullable(),
  z.record(z.string(), z.unknown()).nullable(),
]);
const wireExtract = z.object({ v: z.literal(1), wants: z.array(z.string()), entries: z.array(wireEntry) });

/** Serialises an extract, gzip-compressed (contents are mostly text: dpkg status, os-release). */
export function encodeExtract(extract: LayerExtract): Buffer {
  const entries = extract.entries.map((e) => [
    KINDS.indexOf(e.kind),
    e.path,
    e.mode,
    e.uid,
    e.gid,
    e.size,
    e.linkTarget,
    e.content === null ? null : e.content.toString("base64"),
    e.probes ?? null,
  ]);
  return gzipSync(Buffer.from(JSON.stringify({ v: 1, wants: extract.wants, entries })));
}

/** Reads an extract stored by `encodeExtract`; a damaged one is LAYER_CORRUPT. */
export function decodeExtract(data: Buffer): LayerExtract {
  let doc: unknown;
  try {
    doc = JSON.parse(gunzipSync(data).toString("utf8"));
  } catch (e) {
    throw new FatalError(
      "LAYER_CORRUPT",
      `stored layer extract is unreadable: ${e instanceof Error ? e.message : String(e)}`,
      "delete the layer and post it again",
    );
  }
  const parsed = wireExtract.safeParse(doc);
  if (!parsed.success) throw new FatalError("LAYER_CORRUPT", "stored layer extract has an unknown shape", "delete the layer and post it again");
  return {
    wants: parsed.data.wants,
    entries: parsed.data.entries.map(([kind, path, mode, uid, gid, size, linkTarget, content, probes]): LayerEntry => ({
      kind: KINDS[kind]!,
      path,
      mode,
      uid,
      gid,
      size,
      linkTarget,
      content: content === null ? null : Buffer.from(content, "base64"),
      ...(probes !== null ? { probes } : {}),
    })),
  };
}
