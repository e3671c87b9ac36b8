/**
 * A small TOML reader for lockfiles (poetry.lock, uv.lock): tables, arrays of tables, dotted
 * and quoted keys, strings (basic, literal, multi-line), numbers, booleans, arrays and inline
 * tables. Dates are kept as strings. No dependency offers TOML here, and lockfiles use only
 * this subset; anything else is a syntax error with a line number.
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export class TomlError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

const ESCAPES: Readonly<Record<string, string>> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

export function parseToml(text: string): TomlTable {
  let i = 0;
  let line = 1;
  const root: TomlTable = {};
  let current: TomlTable = root;
  const fail = (detail: string): never => {
    throw new TomlError(line, detail);
  };
  const peek = (n = 0): string => text[i + n] ?? "";
  const skipSpace = (newlines: boolean): void => {
    for (;;) {
      const c = peek();
      if (c === " " || c === "\t" || c === "\r") i++;
      else if (c === "#") while (i < text.length && peek() !== "\n") i++;
      else if (newlines && c === "\n") {
        i++;
        line++;
      } else return;
    }
  };
  const parseString = (): string => {
    const quote = peek();
    const multi = text.startsWith(quote.repeat(3), i);
    i += multi ? 3 : 1;
    if (multi && peek() === "\r") i++;
    if (multi && peek() === "\n") {
      i++;
      line++;
    }
    let out = "";
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      if (multi ? text.startsWith(quote.repeat(3), i) : peek() === quote) {
        i += multi ? 3 : 1;
        // A multi-line string may end with up to two extra quotes before the closing three.
        while (multi && peek() === quote) {
          out += quote;
          i++;
        }
        return out;
      }
      const c = peek();
      if (c === "\n") {
        if (!multi) fail("newline in string");
        line++;
      }
      if (c === "\\" && quote === '"') {
        const e = peek(1);
        if (e === "u" || e === "U") {
          const len = e === "u" ? 4 : 8;
          out += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + len), 16));
          i += 2 + len;
        } else if (multi && /[ \t\r\n]/.test(e)) {
          // Line-ending backslash: trim the newline and the whitespace that follows.
          i++;
          while (/[ \t\r\n]/.test(peek())) if (text[i++] === "\n") line++;
        } else {
          out += ESCAPES[e] ?? fail(`bad escape \\${e}`);
          i += 2;
        }
        continue;
      }
      out += c;
      i++;
    }
  };
  const parseKeyPart = (): string => {
    const c = peek();
    if (c === '"' || c === "'") return parseString();
    const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 256));
    if (!m) return fail(`bad key at '${text.slice(i, i + 10)}'`);
    i += m[0].length;
    return m[0];
  };
  const parseKey = (): string[] => {
    const parts = [parseKeyPart()];
    for (;;) {
      skipSpace(false);
      if (peek() !== ".") return parts;
      i++;
      skipSpace(false);
      parts.push(parseKeyPart());
    }
  };
  const parseValue = (): TomlValue => {
    const c = peek();
    if (c === '"' || c === "'") return parseString();
    if (c === "[") {
      i++;
      const arr: TomlValue[] = [];
      for (;;) {
        skipSpace(true);
        if (peek() === "]") {
          i++;
          return arr;
        }
        arr.push(parseValue());
        skipSpace(true);
        if (peek() === ",") i++;
        else if (peek() !== "]") fail("expected , or ] in array");
      }
    }
    if (c === "{") {
      i++;
      const table: TomlTable = {};
      skipSpace(false);
      if (peek() === "}") {
        i++;
        return table;
      }
      for (;;) {
        skipSpace(false);
        const key = parseKey();
        skipSpace(false);
        if (peek() !== "=") fail("expected = in inline table");
        i++;
        skipSpace(false);
        assign(table, key, parseValue());
        skipSpace(false);
        if (peek() === "}") {
          i++;
          return table;
        }
        if (peek() !== ",") fail("expected , or } in inline table");
        i++;
      }
    }
    const m = /^[^\s,\]}#]+/.exec(text.slice(i, i + 128));
    if (!m) return fail("missing value");
    i += m[0].length;
    if (m[0] === "true" || m[0] === "false") return m[0] === "true";
    const n = Number(m[0].replace(/_/g, ""));
    return /^[+-]?[0-9]/.test(m[0]) && Number.isFinite(n) && !/[-:T ]/.test(m[0].slice(1)) ? n : m[0];
  };
  const descend = (table: TomlTable, keys: readonly string[]): TomlTable => {
    let t = table;
    for (const k of keys) {
      const next = t[k];
      if (next === undefined) {
        const created: TomlTable = {};
        t[k] = created;
        t = created;
      } else if (Array.isArray(next)) {
        const last = next[next.length - 1];
        if (last === undefined || typeof last !== "object" || Array.isArray(last)) return fail(`key ${k} is not a table`);
        t = last;
      } else if (typeof next === "object") t = next;
      else return fail(`key ${k} is not a table`);
    }
    return t;
  };
  const assign = (table: TomlTable, keys: readonly string[], value: TomlValue): void => {
    const last = keys[keys.length - 1] ?? fail("empty key");
    const parent = descend(table, keys.slice(0, -1));
    if (Object.hasOwn(parent, last)) fail(`duplicate key ${keys.join(".")}`);
    parent[last] = value;
  };

  for (;;) {
    skipSpace(true);
    if (i >= text.length) return root;
    if (peek() === "[") {
      const isArray = peek(1) === "[";
      i += isArray ? 2 : 1;
      skipSpace(false);
      const keys = parseKey();
      if (!text.startsWith(isArray ? "]]" : "]", i)) fail("unterminated table header");
      i += isArray ? 2 : 1;
      if (isArray) {
        const parent = descend(root, keys.slice(0, -1));
        const name = keys[keys.length - 1] ?? fail("empty table name");
        const existing = parent[name];
        const list = Array.isArray(existing) ? existing : existing === undefined ? [] : fail(`${keys.join(".")} is not an array of tables`);
        const table: TomlTable = {};
        list.push(table);
        parent[name] = list;
        current = table;
      } else current = descend(root, keys);
    } else {
      const key = parseKey();
      skipSpace(false);
      if (peek() !== "=") fail("expected =");
      i++;
      skipSpace(false);
      assign(current, key, parseValue());
    }
    skipSpace(false);
    if (i < text.length && peek() !== "\n") fail(`unexpected '${peek()}' after value`);
  }
}
