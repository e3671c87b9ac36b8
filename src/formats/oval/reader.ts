import { bufferChunks } from "./chunks.js";
import { definitionHandlers } from "./definition-reader.js";
import { indexHandlers } from "./index-reader.js";
import { fanOut, saxStream } from "./sax.js";
import type { OvalDefinition, OvalIndex } from "./types.js";

/**
 * The one pass over an OVAL document: each definition goes to `onDefinition` as it closes, and
 * the tests, objects and states (which come after all definitions) are returned as an index.
 * Throws FEED_INVALID when the XML is malformed or truncated.
 */
export function readOval(chunks: Iterable<Buffer>, label: string, onDefinition: (def: OvalDefinition) => void): OvalIndex {
  const idx = indexHandlers();
  saxStream(chunks, label, fanOut(definitionHandlers(onDefinition), idx.handlers));
  return idx.index;
}

/** The tests/objects/states index of an XML body (for inspection; parsing uses readOval). */
export function indexOval(body: Buffer, label: string): OvalIndex {
  return readOval(bufferChunks(body), label, () => undefined);
}

/** Every definition of an XML body, in document order (for inspection; parsing uses readOval). */
export function definitionsOf(body: Buffer, label: string): OvalDefinition[] {
  const defs: OvalDefinition[] = [];
  readOval(bufferChunks(body), label, (d) => defs.push(d));
  return defs;
}
