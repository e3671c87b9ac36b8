import { StringDecoder } from "node:string_decoder";
import { SaxesParser } from "saxes";
import { FatalError } from "../../core/problem.js";

/** Bytes handed to saxes per write: big enough to be fast, small enough that no copy of the body is held. */
const CHUNK = 256 * 1024;

export interface SaxHandlers {
  open(local: string, attrs: Readonly<Record<string, string>>, parent: string | undefined): void;
  close(local: string, parent: string | undefined): void;
  text(text: string): void;
}

/** `linux-def:rpminfo_test` → `rpminfo_test`: OVAL files bind the same namespaces to different prefixes. */
export function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Streams `body` through saxes in chunks, calling `handlers` with local names and the parent's
 * local name; `afterChunk` runs between chunks so a generator can hand out finished records.
 * Malformed or truncated XML throws FEED_INVALID (saxes reports an unclosed root at close).
 */
export function* saxChunks(body: Buffer, label: string, handlers: SaxHandlers): Generator<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: string[] = [];
  let failure: Error | null = null;
  parser.on("error", (e) => {
    failure ??= e;
  });
  parser.on("opentag", (tag) => {
    const local = localName(tag.name);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[localName(k)] = typeof v === "string" ? v : String(v);
    handlers.open(local, attrs, stack[stack.length - 1]);
    if (tag.isSelfClosing) handlers.close(local, stack[stack.length - 1]);
    else stack.push(local);
  });
  parser.on("closetag", (tag) => {
    if (tag.isSelfClosing) return;
    const local = stack.pop() ?? localName(tag.name);
    handlers.close(local, stack[stack.length - 1]);
  });
  parser.on("text", (t) => handlers.text(t));
  parser.on("cdata", (t) => handlers.text(t));
  const decoder = new StringDecoder("utf8");
  const fail = (): never => {
    throw new FatalError("FEED_INVALID", `${label}: the OVAL XML is malformed (${failure?.message ?? "unknown error"})`, "the download may be truncated; run the update again or check the --source file");
  };
  for (let off = 0; off < body.length; off += CHUNK) {
    parser.write(decoder.write(body.subarray(off, Math.min(off + CHUNK, body.length))));
    if (failure) fail();
    yield;
  }
  parser.write(decoder.end());
  parser.close();
  if (failure) fail();
  if (stack.length > 0) {
    failure = new Error(`unclosed <${stack[stack.length - 1]}>`);
    fail();
  }
  yield;
}

/** Runs a whole document through `handlers` (no record is handed out between chunks). */
export function saxAll(body: Buffer, label: string, handlers: SaxHandlers): void {
  for (const _ of saxChunks(body, label, handlers)) void _;
}
