import { JSONParser } from "@streamparser/json";
import { FatalError } from "../core/problem.js";

/** One value the streamed parser completed at a requested path, detached from its parent. */
export interface StreamedJsonValue {
  readonly value: unknown;
  /** Its key in the parent (a property name or an array index); undefined for the root. */
  readonly key: string | number | undefined;
  /** The keys from the root down to the parent: `["pkg"]` for `$.pkg.CVE-1`. */
  readonly path: readonly (string | number | undefined)[];
  readonly parentIsArray: boolean;
}

/**
 * The values at `paths` (JSONPath-like, e.g. `$.*.*`) of a JSON document given as slices, each
 * yielded as soon as it is complete and then dropped from the tree (`keepStack: false`), so
 * memory follows one value, not the document. Synchronous, for use inside a store transaction.
 * A document that is not JSON, is cut short or has trailing data throws FEED_INVALID from the
 * loop, which rolls that transaction back; so does one whose root is not `root`, when given.
 * (The root is checked by its first byte: asking the parser for `$` would keep the whole tree.)
 */
export function* streamJsonValues(slices: Iterable<Uint8Array>, paths: readonly string[], what: string, root?: "object" | "array"): Generator<StreamedJsonValue> {
  const parser = new JSONParser({ paths: [...paths], keepStack: false });
  let ready: StreamedJsonValue[] = [];
  parser.onValue = ({ value, key, parent, stack }) => {
    ready.push({ value, key, path: stack.slice(1).map((s) => s.key), parentIsArray: Array.isArray(parent) });
  };
  const invalid = (e: unknown): FatalError =>
    new FatalError("FEED_INVALID", `${what}: the feed is not valid JSON (${e instanceof Error ? e.message : String(e)})`, "the download may be truncated; run the update again or check the --source file", { cause: e });
  let empty = true;
  for (const slice of slices) {
    if (parser.isEnded) {
      if (slice.some((b) => !isSpace(b))) throw invalid(new Error("data after the end of the document"));
      continue;
    }
    if (empty) {
      const first = slice.findIndex((b) => !isSpace(b));
      if (first >= 0) {
        empty = false;
        const open = slice[first];
        if (root !== undefined && open !== (root === "object" ? 0x7b : 0x5b)) throw new FatalError("FEED_INVALID", `${what}: the feed is not a JSON ${root}`, "check that --source points at the right file");
      }
    }
    try {
      parser.write(slice);
    } catch (e) {
      throw invalid(e);
    }
    if (ready.length > 0) {
      const out = ready;
      ready = [];
      yield* out;
    }
  }
  if (empty) throw invalid(new Error("the document is empty"));
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (e) {
      throw invalid(e);
    }
  }
  yield* ready;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
