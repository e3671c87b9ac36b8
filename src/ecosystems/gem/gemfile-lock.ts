/**
 * Bundler's Gemfile.lock: sections start at column 0 (`GEM`, `GIT`, `PATH`, `PLUGIN SOURCE`,
 * `PLATFORMS`, `DEPENDENCIES`, …). In the source sections, `  specs:` is followed by the resolved
 * gems at four spaces (`    name (version[-platform])`) and their requirements at six. Bundler's
 * own pattern reads the version up to the first `-`; the rest is the platform
 * (`nokogiri (1.13.10-x86_64-linux)`), since lockfiles spell pre-releases with dots.
 */

export interface GemfileLockEntry {
  readonly name: string;
  readonly version: string;
  readonly platform: string | null;
  /** `GEM`, `GIT`, `PATH` or `PLUGIN SOURCE`. */
  readonly section: string;
  readonly line: number;
}

const SOURCE_SECTIONS = new Set(["GEM", "GIT", "PATH", "PLUGIN SOURCE"]);
const SPEC = /^ {4}(?! )(\S+) \(([^-)]*)(?:-([^)]*))?\)\s*$/;

export function parseGemfileLock(text: string): GemfileLockEntry[] {
  const out: GemfileLockEntry[] = [];
  let section: string | null = null;
  let inSpecs = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (!line.startsWith(" ")) {
      section = line.trim();
      inSpecs = false;
      continue;
    }
    if (section === null || !SOURCE_SECTIONS.has(section)) continue;
    if (/^ {2}specs:\s*$/.test(line)) {
      inSpecs = true;
      continue;
    }
    if (/^ {2}\S/.test(line)) {
      inSpecs = false;
      continue;
    }
    const m = inSpecs ? SPEC.exec(line) : null;
    if (m) out.push({ name: m[1]!, version: m[2]!, platform: m[3] ?? null, section, line: i + 1 });
  }
  return out;
}
