/**
 * Parses os-release(5) text into its variables.
 *
 * The format is a restricted shell assignment list: `KEY=value`, where the value may be
 * double-quoted (backslash escapes `\"`, `\\`, `\$`, `` \` `` apply), single-quoted (taken
 * literally) or bare (backslash escapes any next character). `#` starts a comment only at the
 * start of a line. Invalid lines are skipped rather than rejected, as systemd does, because a
 * sloppy os-release should not hide the distribution.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const value = unquote(m[2]!);
    if (value !== undefined) out[m[1]!] = value;
  }
  return out;
}

/** Shell-style word unquoting of one value; undefined when quotes are unbalanced. */
function unquote(s: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      const end = readDouble(s, i + 1);
      if (end === undefined) return undefined;
      out += end.text;
      i = end.next;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) return undefined;
      out += s.slice(i + 1, close);
      i = close + 1;
    } else if (c === "\\") {
      if (i + 1 < s.length) out += s[i + 1]!;
      i += 2;
    } else if (c === " " || c === "\t") {
      // An unquoted blank ends the word; what follows (e.g. a trailing comment) is ignored.
      break;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function readDouble(s: string, start: number): { text: string; next: number } | undefined {
  let text = "";
  let i = start;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { text, next: i + 1 };
    if (c === "\\" && i + 1 < s.length && '"\\$`'.includes(s[i + 1]!)) {
      text += s[i + 1]!;
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  return undefined;
}
