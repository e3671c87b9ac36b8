/**
 * Word splitting and variable substitution with Docker's rules (moby/buildkit `shell.Lex`):
 * quotes group words, the escape character comes from the `# escape=` directive, and `$VAR`,
 * `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`, `${VAR+x}`, `${VAR:?x}` are expanded.
 */
export type EscapeChar = "\\" | "`";

/** A word as written (quotes and escapes kept) with its offsets in the source text. */
export interface RawWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";

/** Splits on unquoted whitespace; quotes and escapes stay in the words. */
export function splitWords(text: string, escape: EscapeChar): RawWord[] {
  const words: RawWord[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let quote: string | null = null;
    while (i < text.length) {
      const c = text[i];
      if (quote === null && isSpace(c)) break;
      if (c === escape && quote !== "'" && i + 1 < text.length) {
        i += 2;
        continue;
      }
      if (quote === null && (c === '"' || c === "'")) quote = c;
      else if (quote !== null && c === quote) quote = null;
      i++;
    }
    words.push({ text: text.slice(start, i), start, end: i });
  }
  return words;
}

/** Variables in scope: a missing key is unset, which differs from set-but-empty for `${V-x}`. */
export type Scope = ReadonlyMap<string, string>;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Expands variables and removes quotes and escapes, as Docker does for the arguments of ADD,
 * COPY, ENV, ARG, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR.
 */
export function processWord(word: string, scope: Scope, escape: EscapeChar): string {
  let out = "";
  let i = 0;
  while (i < word.length) {
    const c = word[i]!;
    if (c === escape) {
      if (i + 1 < word.length) out += word[i + 1];
      i += 2;
    } else if (c === "'") {
      const close = word.indexOf("'", i + 1);
      const end = close === -1 ? word.length : close;
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < word.length && word[i] !== '"') {
        const d = word[i]!;
        if (d === escape && i + 1 < word.length) {
          const next = word[i + 1]!;
          out += next === '"' || next === "$" || next === escape ? next : d + next;
          i += 2;
        } else if (d === "$") {
          const r = expandAt(word, i, scope, escape);
          out += r.value;
          i = r.next;
        } else {
          out += d;
          i++;
        }
      }
      i++;
    } else if (c === "$") {
      const r = expandAt(word, i, scope, escape);
      out += r.value;
      i = r.next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Expands the variable reference that starts at `word[at] === "$"`. */
function expandAt(word: string, at: number, scope: Scope, escape: EscapeChar): { value: string; next: number } {
  const first = word[at + 1];
  if (first === "{") {
    const close = matchingBrace(word, at + 2);
    if (close === -1) return { value: word.slice(at), next: word.length };
    return { value: expandBraced(word.slice(at + 2, close), scope, escape), next: close + 1 };
  }
  if (first !== undefined && NAME_START.test(first)) {
    let j = at + 1;
    while (j < word.length && NAME_CHAR.test(word[j]!)) j++;
    return { value: scope.get(word.slice(at + 1, j)) ?? "", next: j };
  }
  return { value: "$", next: at + 1 };
}

function matchingBrace(word: string, from: number): number {
  let depth = 1;
  for (let j = from; j < word.length; j++) {
    if (word[j] === "{") depth++;
    else if (word[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

function expandBraced(body: string, scope: Scope, escape: EscapeChar): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-+?])?([\s\S]*)$/.exec(body);
  if (!m) return "";
  const name = m[1]!;
  const op = m[2];
  const value = scope.get(name);
  // `#`/`%` pattern removal (newer BuildKit) is not modelled: the plain value is the closest guess.
  if (op === undefined) return value ?? "";
  const word = () => processWord(m[3] ?? "", scope, escape);
  const set = op.startsWith(":") ? value !== undefined && value !== "" : value !== undefined;
  switch (op.replace(":", "")) {
    case "-":
      return set ? (value ?? "") : word();
    case "+":
      return set ? word() : "";
    default:
      return value ?? "";
  }
}

/** True when the text refers to a variable (so a value may be unknown until build time). */
export function hasVariable(text: string): boolean {
  return /\$(\{|[A-Za-z_])/.test(text);
}
