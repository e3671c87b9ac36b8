/**
 * Installed gem specifications (`specifications/NAME-VERSION.gemspec`) are Ruby that RubyGems
 * generates from the gem's metadata (`Gem::Specification#to_ruby`). claro never evaluates Ruby: it
 * reads the few assignments it needs, `<var>.name = "…"`, `<var>.version = "…"`,
 * `<var>.license = "…"` and `<var>.licenses = ["…", …]`, as Trivy does. A value that is not a
 * string literal (or, for `licenses`, an array of them) is ignored, not guessed at.
 */

export interface Gemspec {
  readonly name: string;
  readonly version: string;
  readonly licenses: readonly string[];
}

// A Ruby string literal, optionally `.freeze`d: "…" (with escapes) or '…'.
const STR = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')(?:\.freeze)?`;
const ASSIGN = new RegExp(String.raw`^\s*\w+\.(name|version|license|licenses)\s*=\s*(.*?)\s*(?:#.*)?$`);
const ONE = new RegExp(String.raw`^${STR}$`);
const EACH = new RegExp(STR, "g");
const ARRAY = new RegExp(String.raw`^\[\s*(?:${STR}\s*(?:,\s*${STR}\s*)*)?,?\s*\]$`);

function unescapeDouble(s: string): string {
  return s.replace(/\\u\{?([0-9a-fA-F]{4,6})\}?|\\(.)/g, (_, hex: string | undefined, c: string | undefined) =>
    hex !== undefined ? String.fromCodePoint(parseInt(hex, 16)) : c === "n" ? "\n" : c === "t" ? "\t" : (c ?? ""),
  );
}

function literal(m: RegExpExecArray | RegExpMatchArray): string {
  return m[1] !== undefined ? unescapeDouble(m[1]) : (m[2] ?? "").replace(/\\(['\\])/g, "$1");
}

/** Name, version and licences of a generated gemspec; undefined when name or version is missing. */
export function parseGemspec(text: string): Gemspec | undefined {
  let name: string | undefined;
  let version: string | undefined;
  let licenses: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const a = ASSIGN.exec(line);
    if (a === null) continue;
    const key = a[1]!;
    const value = a[2]!;
    if (key === "licenses") {
      // `licenses` takes an array; a bare string there is a spec error RubyGems would reject.
      if (ARRAY.test(value)) licenses = [...value.matchAll(EACH)].map(literal);
      continue;
    }
    const one = ONE.exec(value);
    if (one === null) continue;
    if (key === "name") name ??= literal(one);
    else if (key === "version") version ??= literal(one);
    else licenses = [literal(one)];
  }
  if (name === undefined || name === "" || version === undefined || version === "") return undefined;
  return { name, version, licenses };
}
