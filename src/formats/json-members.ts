import { FatalError } from "../core/problem.js";

/**
 * The members of a JSON document whose root is an object, one at a time: `["key", value]`, the
 * value parsed by `JSON.parse`. Only the root level is scanned in JavaScript (strings and
 * nesting tracked byte by byte, to find the commas between members); each member is parsed
 * natively and dropped before the next, so memory follows the largest member, not the document.
 *
 * Why not @streamparser/json, which claro uses for lockfiles: it tokenises every byte in
 * JavaScript. On the 77 MB Debian tracker feed it took 5.3 s of CPU where this takes 1.9 s
 * (JSON.parse of the whole file: 2.1 s), at the same ~120 MB peak (issue 13).
 *
 * Synchronous, so a store can consume it inside its write transaction. A document that is empty,
 * not an object, cut short, malformed, or followed by more data throws FEED_INVALID from the
 * loop, which rolls that transaction back.
 */
export function* jsonObjectMembers(slices: Iterable<Uint8Array>, what: string): Generator<[string, unknown]> {
  const invalid = (why: string, cause?: unknown): FatalError =>
    new FatalError(
      "FEED_INVALID",
      `${what}: the feed is not valid JSON (${why})`,
      "the download may be truncated; run the update again or check the --source file",
      cause === undefined ? undefined : { cause },
    );
  let depth = 0;
  let inString = false;
  let escaped = false;
  let opened = false;
  let closed = false;
  let members = 0;
  // The bytes of the member being read, across slices (each slice is a fresh buffer or a view of
  // an immutable body, so keeping views is safe).
  let parts: Uint8Array[] = [];
  const member = (last: boolean): [string, unknown][] => {
    const text = Buffer.concat(parts).toString("utf8");
    parts = [];
    if (last && members === 0 && text.trim() === "") return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(`{${text}}`);
    } catch (e) {
      throw invalid(`member ${members + 1}: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.length !== 1) throw invalid(`member ${members + 1} is not one "key": value pair`);
    members += 1;
    return entries;
  };
  for (const s of slices) {
    let start = 0;
    // The next backslash at or after the string scan's position, found once per stretch.
    let backslash = -1;
    for (let i = 0; i < s.length; i++) {
      if (inString) {
        // Most bytes are inside strings (descriptions): jump to the next quote or backslash with
        // the native indexOf rather than test every byte in JavaScript.
        if (escaped) {
          escaped = false;
          continue;
        }
        if (backslash !== s.length && backslash < i) {
          backslash = s.indexOf(0x5c, i);
          if (backslash === -1) backslash = s.length;
        }
        const quote = s.indexOf(0x22, i);
        const end = quote === -1 ? s.length : quote;
        if (backslash < end) {
          // The byte after the backslash is escaped, possibly in the next slice.
          if (backslash + 1 < s.length) i = backslash + 1;
          else {
            escaped = true;
            i = s.length;
          }
        } else if (quote === -1) i = s.length;
        else {
          inString = false;
          i = quote;
        }
        continue;
      }
      const b = s[i]!;
      if (depth === 0) {
        if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
        if (closed) throw invalid("data after the end of the document");
        if (b !== 0x7b) throw new FatalError("FEED_INVALID", `${what}: the feed is not a JSON object`, "check that --source points at the right file");
        opened = true;
        depth = 1;
        start = i + 1;
      } else if (b === 0x22) inString = true;
      else if (b === 0x7b || b === 0x5b) depth += 1;
      else if (b === 0x7d || b === 0x5d) {
        depth -= 1;
        if (depth === 0) {
          parts.push(s.subarray(start, i));
          closed = true;
          yield* member(true);
        }
      } else if (b === 0x2c && depth === 1) {
        parts.push(s.subarray(start, i));
        start = i + 1;
        yield* member(false);
      }
    }
    if (depth > 0) parts.push(s.subarray(start));
  }
  if (!opened) throw invalid("the document is empty");
  if (!closed) throw invalid("it ends before the root object is closed: truncated");
}
