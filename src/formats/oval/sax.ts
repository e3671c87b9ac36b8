import { StringDecoder } from "node:string_decoder";
import { SaxesParser } from "saxes";
import { FatalError } from "../../core/problem.js";

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

/** Sends every handler call to each of `handlers`, in order: one pass feeds several readers. */
export function fanOut(...handlers: readonly SaxHandlers[]): SaxHandlers {
  return {
    open: (local, attrs, parent) => handlers.forEach((h) => h.open(local, attrs, parent)),
    close: (local, parent) => handlers.forEach((h) => h.close(local, parent)),
    text: (t) => handlers.forEach((h) => h.text(t)),
  };
}

/**
 * One pass over the document's bytes, chunk by chunk, calling `handlers` with local names and the
 * parent's local name. Nothing but the current chunk is held. Malformed or truncated XML throws
 * FEED_INVALID (saxes reports an unclosed root at close).
 */
export function saxStream(chunks: Iterable<Buffer>, label: string, handlers: SaxHandlers): void {
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
    throw new FatalError(
      "FEED_INVALID",
      `${label}: the OVAL XML is malformed (${failure?.message ?? "unknown error"})`,
      "the download may be truncated; run the update again or check the --source file",
    );
  };
  for (const chunk of chunks) {
    parser.write(decoder.write(chunk));
    if (failure) fail();
  }
  parser.write(decoder.end());
  parser.close();
  if (failure) fail();
  if (stack.length > 0) {
    failure = new Error(`unclosed <${stack[stack.length - 1]}>`);
    fail();
  }
}
