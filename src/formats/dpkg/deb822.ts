import type { Problem } from "../../core/problem.js";

/** One deb822 paragraph: field names lower-cased, continuation lines kept joined by `\n`. */
export interface Stanza {
  readonly fields: ReadonlyMap<string, string>;
  /** 1-based line of the paragraph's first field. */
  readonly line: number;
  /** Lines that were neither fields nor continuations; non-empty means the stanza is suspect. */
  readonly garbage: readonly number[];
}

const FIELD_RE = /^([!-9;-~][!-9;-~]*):[ \t]*(.*)$/;

/**
 * Splits deb822 text (dpkg status, status.d entries) into paragraphs. Tolerates CRLF and
 * whitespace-only separator lines, and never throws: unparseable lines are recorded on the
 * stanza so the caller can report it and carry on with the next one.
 */
export function parseDeb822(text: string): Stanza[] {
  const out: Stanza[] = [];
  let fields = new Map<string, string>();
  let garbage: number[] = [];
  let start = 0;
  let last: string | null = null;
  const flush = (): void => {
    if (fields.size > 0 || garbage.length > 0) out.push({ fields, line: start, garbage });
    fields = new Map();
    garbage = [];
    last = null;
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.endsWith("\r") ? lines[i]!.slice(0, -1) : lines[i]!;
    const lineNo = i + 1;
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (fields.size === 0 && garbage.length === 0) start = lineNo;
    if (line.startsWith("#")) continue;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (last === null) garbage.push(lineNo);
      else fields.set(last, `${fields.get(last) ?? ""}\n${line.slice(1)}`);
      continue;
    }
    const m = FIELD_RE.exec(line);
    if (!m) {
      garbage.push(lineNo);
      last = null;
      continue;
    }
    last = m[1]!.toLowerCase();
    fields.set(last, m[2]!.trimEnd());
  }
  flush();
  return out;
}

export function malformed(path: string, line: number, detail: string): Problem {
  return { kind: "malformed-record", path, line, detail };
}
