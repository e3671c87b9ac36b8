/**
 * The line level of Docker's parser: parser directives, line continuations (with the comment
 * and blank lines Docker skips inside them) and heredoc bodies.
 */
import type { Problem } from "../../core/problem.js";
import { splitWords, type EscapeChar } from "./words-util.js";

export interface Directives {
  readonly escape: EscapeChar;
  /** `# syntax=` frontend image, when given. */
  readonly syntax: string | null;
}

export interface Heredoc {
  /** Delimiter word without quotes, e.g. `EOF`. */
  readonly name: string;
  /** Body, one `\n` after every line (as BuildKit passes it); tabs stripped for `<<-`. */
  readonly content: string;
  /** False for a quoted delimiter (`<<"EOF"`), whose body is not expanded. */
  readonly expand: boolean;
  readonly stripTabs: boolean;
}

/** One instruction's source before its arguments are interpreted. */
export interface LogicalLine {
  readonly startLine: number;
  readonly endLine: number;
  /** Continuations joined (escape removed, no separator added), comment lines inside dropped. */
  readonly text: string;
  readonly heredocs: readonly Heredoc[];
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const HEREDOC_WORD = /^\d*<<(-?)([^<]+)$/;
/** BuildKit only looks for heredocs in these instructions. */
const HEREDOC_KEYWORDS = new Set(["RUN", "COPY", "ADD"]);

export function readDirectives(lines: readonly string[], path: string, problems: Problem[]): { directives: Directives; next: number } {
  let escape: EscapeChar = "\\";
  let syntax: string | null = null;
  const seen = new Set<string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!);
    if (!m) break;
    const name = m[1]!.toLowerCase();
    const value = m[2]!;
    if (name !== "escape" && name !== "syntax" && name !== "check") break; // unknown: a comment, ends directives
    if (seen.has(name)) {
      problems.push({ kind: "malformed-record", path, line: i + 1, detail: `parser directive '${name}' given twice` });
      continue;
    }
    seen.add(name);
    if (name === "escape") {
      if (value === "\\" || value === "`") escape = value;
      else problems.push({ kind: "malformed-record", path, line: i + 1, detail: `invalid escape character '${value}' (use \\ or \`)` });
    } else if (name === "syntax") syntax = value;
  }
  return { directives: { escape, syntax }, next: i };
}

const isSkippable = (line: string): boolean => {
  const t = line.trimStart();
  return t === "" || t.startsWith("#");
};

function continuationCut(line: string, escape: EscapeChar): number {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t" || line[end - 1] === "\r")) end--;
  return end > 0 && line[end - 1] === escape ? end - 1 : -1;
}

/** Splits the lines after the directives into instructions. */
export function logicalLines(lines: readonly string[], from: number, escape: EscapeChar, path: string, problems: Problem[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = from;
  while (i < lines.length) {
    if (isSkippable(lines[i]!)) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let text = "";
    let endIndex = i;
    for (;;) {
      const line = lines[i]!.replace(/\r$/, "");
      const cut = continuationCut(line, escape);
      endIndex = i;
      i++;
      if (cut === -1) {
        text += line;
        break;
      }
      text += line.slice(0, cut);
      while (i < lines.length && isSkippable(lines[i]!)) i++;
      if (i >= lines.length) break; // a trailing continuation at EOF ends the instruction, as in Docker
    }
    const keyword = /^\s*(\S+)/.exec(text)?.[1]?.toUpperCase() ?? "";
    const markers = HEREDOC_KEYWORDS.has(keyword) && !/^\s*\S+\s+\[/.test(text) ? heredocMarkers(text, escape) : [];
    const heredocs: Heredoc[] = [];
    for (const marker of markers) {
      const body: string[] = [];
      let closed = false;
      while (i < lines.length) {
        const raw = lines[i]!.replace(/\r$/, "");
        i++;
        const line = marker.stripTabs ? raw.replace(/^\t+/, "") : raw;
        if (line === marker.name) {
          closed = true;
          break;
        }
        body.push(line);
      }
      endIndex = i - 1;
      if (!closed) {
        problems.push({ kind: "malformed-record", path, line: startLine, detail: `heredoc '<<${marker.name}' is not terminated before the end of the file` });
      }
      heredocs.push({ ...marker, content: body.map((l) => `${l}\n`).join("") });
    }
    out.push({ startLine, endLine: endIndex + 1, text, heredocs });
  }
  return out;
}

function heredocMarkers(text: string, escape: EscapeChar): Array<Omit<Heredoc, "content">> {
  const markers: Array<Omit<Heredoc, "content">> = [];
  for (const w of splitWords(text, escape)) {
    const m = HEREDOC_WORD.exec(w.text);
    if (!m) continue;
    const rest = m[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(rest);
    // Only the delimiter word itself: `<<EOF>file` redirects after the delimiter.
    const name = quoted ? quoted[2]! : (/^[^\s<>|&;]+/.exec(rest)?.[0] ?? "");
    if (name === "") continue;
    markers.push({ name, expand: quoted === null, stripTabs: m[1] === "-" });
  }
  return markers;
}
