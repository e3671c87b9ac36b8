import { bufferChunks } from "./chunks.js";
import { definitionHandlers } from "./definition-reader.js";
import { indexHandlers, type IndexSink } from "./index-reader.js";
import { fanOut, saxStream } from "./sax.js";
import type { OvalDefinition, OvalObject, OvalState, OvalTest } from "./types.js";

/**
 * The one pass over an OVAL document: each definition goes to `onDefinition` as it closes, and
 * each test, object and state (which come after all definitions) to `sink`.
 * Throws FEED_INVALID when the XML is malformed or truncated.
 */
export function readOval(chunks: Iterable<Buffer>, label: string, onDefinition: (def: OvalDefinition) => void, sink: IndexSink): void {
  saxStream(chunks, label, fanOut(definitionHandlers(onDefinition), indexHandlers(sink)));
}

/** The index held in memory, for inspection. */
export interface OvalIndexMaps {
  readonly tests: ReadonlyMap<string, OvalTest>;
  readonly objects: ReadonlyMap<string, OvalObject>;
  readonly states: ReadonlyMap<string, OvalState>;
}

/** The tests/objects/states index of an XML body, in memory (for inspection; parsing keeps it on disk). */
export function indexOval(body: Buffer, label: string): OvalIndexMaps {
  const tests = new Map<string, OvalTest>();
  const objects = new Map<string, OvalObject>();
  const states = new Map<string, OvalState>();
  const sink: IndexSink = { test: (t) => tests.set(t.id, t), object: (o) => objects.set(o.id, o), state: (s) => states.set(s.id, s) };
  readOval(bufferChunks(body), label, () => undefined, sink);
  return { tests, objects, states };
}

/** Every definition of an XML body, in document order (for inspection; parsing uses readOval). */
export function definitionsOf(body: Buffer, label: string): OvalDefinition[] {
  const defs: OvalDefinition[] = [];
  const ignore = (): void => undefined;
  readOval(bufferChunks(body), label, (d) => defs.push(d), { test: ignore, object: ignore, state: ignore });
  return defs;
}
