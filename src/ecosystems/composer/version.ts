import type { VersionScheme } from "../../contracts/version-scheme.js";

/**
 * Composer versions, normalised as Composer's `VersionParser::normalize` does and ordered as
 * Composer orders normalised versions (PHP `version_compare`):
 * - a leading `v` and `+build` metadata are dropped; `1.2` becomes `1.2.0.0` (four numeric parts);
 * - stability suffixes, with `.`/`-`/`_` or nothing before them: `alpha`/`a`, `beta`/`b`, `RC`,
 *   `stable`, `patch`/`pl`/`p`, each with an optional number, then optionally `-dev`;
 * - `1.0.x-dev` / `1.0.*-dev` branch versions become `1.0.9999999.9999999-dev`;
 * - order: dev < alpha < beta < RC < stable (plain release) < patch, then the stability number,
 *   and a trailing `-dev` sorts before the same version without it.
 * `dev-<branch>` names are not orderable versions: they are kept as-is and sort below all others.
 */
const CLASSICAL = /^v?(\d{1,5})(\.\d+)?(\.\d+)?(\.\d+)?[._-]?(?:(stable|beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?\d+)*)?)?([.-]?dev)?$/i;
const BRANCH = /^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?[.-]?dev$/i;

const STABILITY = { dev: 0, alpha: 1, beta: 2, RC: 3, stable: 4, patch: 5 } as const;
type Stability = keyof typeof STABILITY;

interface Normalized {
  readonly nums: readonly [number, number, number, number];
  readonly stability: Stability;
  /** The number after the stability word, split on dots (`alpha3.1` → [3, 1]). */
  readonly stabilityNums: readonly number[];
  /** A `-dev` suffix after a pre-release (`1.0.0-beta2-dev`) or a plain `1.0-dev`. */
  readonly dev: boolean;
}

function expandStability(s: string): Stability {
  const l = s.toLowerCase();
  if (l === "a" || l === "alpha") return "alpha";
  if (l === "b" || l === "beta") return "beta";
  if (l === "p" || l === "pl" || l === "patch") return "patch";
  if (l === "rc") return "RC";
  return "stable";
}

function parse(input: string): Normalized | undefined {
  const v = input.trim().replace(/^([^,\s+]+)\+[^\s]+$/, "$1");
  const m = CLASSICAL.exec(v);
  if (m) {
    const part = (s: string | undefined): number => (s === undefined ? 0 : Number(s.replace(/^\./, "")));
    const nums = [Number(m[1]), part(m[2]), part(m[3]), part(m[4])] as const;
    const word = m[5];
    const dev = m[7] !== undefined;
    if (word === undefined) return { nums, stability: dev ? "dev" : "stable", stabilityNums: [], dev: false };
    const stabilityNums = (m[6] ?? "")
      .replace(/^[.-]/, "")
      .split(/[.-]/)
      .filter((x) => x !== "")
      .map(Number);
    return { nums, stability: expandStability(word), stabilityNums, dev };
  }
  const b = BRANCH.exec(v);
  if (b) {
    const part = (s: string | undefined): number => (s === undefined || /[xX*]/.test(s) ? 9999999 : Number(s));
    return { nums: [Number(b[1]), part(b[2]), part(b[3]), part(b[4])], stability: "dev", stabilityNums: [], dev: false };
  }
  return undefined;
}

/** Composer's normalised spelling (`v1.0-rc1` → `1.0.0.0-RC1`), or undefined when it is not a version. */
export function normalizeComposerVersion(input: string): string | undefined {
  if (/^dev-/i.test(input.trim())) return `dev-${input.trim().slice(4)}`;
  const p = parse(input);
  if (p === undefined) return undefined;
  const base = p.nums.join(".");
  if (p.stability === "dev") return `${base}-dev`;
  if (p.stability === "stable") return base;
  return `${base}-${p.stability}${p.stabilityNums.join(".")}${p.dev ? "-dev" : ""}`;
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareComposerVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  // Branch names and junk have no place in the order: below every version, by text among themselves.
  if (!x || !y) return x ? 1 : y ? -1 : a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 4; i++) {
    const c = cmp(x.nums[i]!, y.nums[i]!);
    if (c !== 0) return c;
  }
  const s = cmp(STABILITY[x.stability], STABILITY[y.stability]);
  if (s !== 0) return s;
  const n = Math.max(x.stabilityNums.length, y.stabilityNums.length);
  for (let i = 0; i < n; i++) {
    const c = cmp(x.stabilityNums[i] ?? 0, y.stabilityNums[i] ?? 0);
    if (c !== 0) return c;
  }
  return cmp(x.dev ? 0 : 1, y.dev ? 0 : 1);
}

export const composerVersionScheme: VersionScheme = {
  id: "composer",
  compare: compareComposerVersions,
  isValid: (v) => parse(v) !== undefined,
};
