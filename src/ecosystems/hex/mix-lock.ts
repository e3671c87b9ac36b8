/**
 * Elixir's `mix.lock`: an Elixir map literal, one dependency per line, written by Mix itself:
 * `"app": {:hex, :package, "1.2.3", "inner hash", [:mix], [deps…], "hexpm", "outer hash"},`
 * (older Mix wrote `"app" => {…}` and fewer fields). Only `:hex` entries name a published
 * package and version; `:git` and `:path` dependencies carry a revision, not a version, and are
 * skipped. The package name is the tuple's second element (the Hex package), which may differ
 * from the map key (the OTP application, when a dependency is renamed with `hex:`).
 */
export interface MixLockEntry {
  readonly app: string;
  readonly name: string;
  readonly version: string;
  /** The Hex repository (`hexpm`, or an organisation's `hexpm:acme`); null in old lockfiles. */
  readonly repo: string | null;
  readonly line: number;
}

const ENTRY = /^\s*"([^"]+)"\s*(?::|=>)\s*\{\s*:hex\s*,\s*:(?:"([^"]+)"|([A-Za-z0-9_]+))\s*,\s*"([^"]+)"/;
// The repository is the string right after the dependency list: `], "hexpm", "…"}`.
const REPO = /\]\s*,\s*"([^"]+)"\s*,\s*"[0-9a-fA-F]+"\s*\}\s*,?\s*$/;

export function parseMixLock(text: string): MixLockEntry[] | string {
  if (!/^\s*%\{/.test(text) && text.trim() !== "") return "not a mix.lock (no `%{` map)";
  const out: MixLockEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = ENTRY.exec(lines[i]!);
    if (m === null) continue;
    out.push({ app: m[1]!, name: m[2] ?? m[3]!, version: m[4]!, repo: REPO.exec(lines[i]!)?.[1] ?? null, line: i + 1 });
  }
  return out;
}
