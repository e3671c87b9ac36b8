import { StringDecoder } from "node:string_decoder";
import type { Problem } from "../../core/problem.js";
import { parseYaml, secdbHeaderOf, secdbPackageOf, type SecdbPackage } from "./secdb.js";

type Part = { readonly kind: "header" | "item"; readonly text: string };

/**
 * What a line-level split cannot vouch for: anchors and aliases (which may cross items), block
 * and flow scalars or collections (whose lines need not follow the item's indentation), tags,
 * directives, complex keys, tabs, document markers. Checked on the `packages` lines only.
 */
const UNSAFE = /[&*|>"'{}[\]!%\t]|^\s*\?(\s|$)|^(---|\.\.\.)/;
const ITEM = /^( *)-( |$)/;

function* lines(slices: Iterable<Uint8Array>): Generator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for (const slice of slices) {
    rest += decoder.write(Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength));
    let nl = rest.indexOf("\n");
    let start = 0;
    for (; nl !== -1; nl = rest.indexOf("\n", start)) {
      yield rest.slice(start, nl + 1);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.end();
  if (rest !== "") yield rest;
}

/**
 * A secdb YAML document cut into its header (every line before `packages:`, yielded last) and
 * its `packages` list items, line by line; returns false at the first line it cannot vouch for.
 */
function* parts(slices: Iterable<Uint8Array>): Generator<Part, boolean> {
  let header = "";
  let inPackages = false;
  let indent: number | undefined;
  let item = "";
  for (const raw of lines(slices)) {
    // A last line without its line break is a cut download: the whole parse says so.
    if (!raw.endsWith("\n")) return false;
    const line = raw.replace(/\r?\n$/, "");
    if (!inPackages) {
      if (/^packages:\s*$/.test(line)) inPackages = true;
      else header += raw;
      continue;
    }
    if (/^\s*(#.*)?$/.test(line)) {
      item += raw;
      continue;
    }
    if (UNSAFE.test(line)) return false;
    const m = ITEM.exec(line);
    const lead = /^ */.exec(line)![0].length;
    if (m !== null && (indent === undefined || m[1]!.length === indent)) {
      if (indent !== undefined) yield { kind: "item", text: item };
      indent = m[1]!.length;
      item = raw;
    } else if (indent === undefined || lead <= indent) return false;
    else item += raw;
  }
  if (!inPackages || indent === undefined) return false;
  yield { kind: "item", text: item };
  yield { kind: "header", text: `${header}packages: []\n` };
  return true;
}

/** One item's text parsed alone: its one element, or undefined when it is not a one-element list. */
function itemValue(text: string): { value: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { schema: "failsafe" });
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) && parsed.length === 1 ? { value: parsed[0] } : undefined;
}

/**
 * Whether `secdbYamlPackages` can read this document item by item. A pass over the lines that
 * parses every item alone (one at a time) and the header: false sends the caller to the
 * whole-body parse, which gives the document's own result or error.
 */
export function secdbYamlSplits(slices: Iterable<Uint8Array>): boolean {
  const it = parts(slices);
  for (let next = it.next(); ; next = it.next()) {
    if (next.done === true) return next.value;
    const part = next.value;
    if (part.kind === "item" && itemValue(part.text) === undefined) return false;
    if (part.kind === "header") {
      let value: unknown;
      try {
        value = parseYaml(part.text, { schema: "failsafe" });
      } catch {
        return false;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    }
  }
}

/**
 * The packages of a secdb YAML document that `secdbYamlSplits` accepted, one item parsed at a
 * time: `parseSecdb`'s packages and problems (pushed onto `problems`). The header is validated
 * at the end; a bad one throws FEED_INVALID from the loop.
 */
export function* secdbYamlPackages(slices: Iterable<Uint8Array>, source: string, problems: Problem[]): Generator<SecdbPackage> {
  const bad = (detail: string): void => void problems.push({ kind: "bad-feed-record", updater: source, detail });
  let index = 0;
  for (const part of parts(slices)) {
    if (part.kind === "header") {
      secdbHeaderOf(parseYaml(part.text, { schema: "failsafe" }), source);
      continue;
    }
    const pkg = secdbPackageOf(itemValue(part.text)?.value, index, bad);
    index += 1;
    if (pkg !== undefined) yield pkg;
  }
}
