import { FatalError } from "../core/problem.js";
import { parseSeverityOption, type Policy } from "./policy.js";
import type { ReportFormat } from "./registry.js";
import { parseWhitelist, type Whitelist } from "./whitelist.js";

export type Env = Readonly<Record<string, string | undefined>>;

export interface KlarSettings {
  readonly policy: Policy;
  /** JSON_OUTPUT / FORMAT_OUTPUT; null when neither chose a format. */
  readonly format: ReportFormat | null;
  /** WHITELIST_FILE as given; already parsed into `policy.whitelist` when a reader was passed. */
  readonly whitelistFile: string | null;
  /** Whether any Klar policy variable was set (and so Klar's default threshold of 0 applies). */
  readonly active: boolean;
}

/** Reads a file's text; the CLI passes `(p) => readFileSync(p, "utf8")`. */
export type ReadText = (path: string) => string;

const POLICY_VARS = ["CLAIR_OUTPUT", "CLAIR_THRESHOLD", "WHITELIST_FILE", "IGNORE_UNFIXED"] as const;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
}

/** Go's strconv.ParseBool, which Klar uses, made case-insensitive. */
function parseBool(name: string, v: string): boolean {
  const lower = v.toLowerCase();
  if (["1", "t", "true"].includes(lower)) return true;
  if (["0", "f", "false"].includes(lower)) return false;
  throw new FatalError("CONFIG_INVALID", `${name}: '${v}' is not a boolean`, `Set ${name} to true or false.`);
}

function parseThreshold(v: string): number {
  if (!/^\d+$/.test(v)) {
    throw new FatalError("CONFIG_INVALID", `CLAIR_THRESHOLD: '${v}' is not a whole number >= 0`, "Set CLAIR_THRESHOLD to e.g. 0 or 10.");
  }
  return Number.parseInt(v, 10);
}

function parseFormat(env: Env): ReportFormat | null {
  const json = value(env, "JSON_OUTPUT");
  if (json !== undefined && parseBool("JSON_OUTPUT", json)) return "json";
  const format = value(env, "FORMAT_OUTPUT")?.toLowerCase();
  if (format === undefined || format === "standard") return null;
  if (format === "json" || format === "table") return format;
  throw new FatalError("CONFIG_INVALID", `FORMAT_OUTPUT: unknown format '${format}'`, "Use standard, json or table.");
}

function readWhitelist(path: string, readText: ReadText): Whitelist {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new FatalError("CONFIG_INVALID", `WHITELIST_FILE ${path}: cannot read it (${detail})`, "Check the path in WHITELIST_FILE.", { cause: e });
  }
  return parseWhitelist(text, `WHITELIST_FILE ${path}`);
}

/**
 * Klar's environment, with Klar's meaning (landscape-and-apis §2d):
 * - CLAIR_OUTPUT: lowest severity shown and counted (Unknown…Critical, Defcon1; any case);
 * - CLAIR_THRESHOLD: fail when more findings are counted; Klar's default 0 applies whenever
 *   any of these policy variables is set, so setting only CLAIR_OUTPUT=High fails on one High;
 * - IGNORE_UNFIXED: unfixed findings are still printed but not counted;
 * - WHITELIST_FILE: YAML whitelist, parsed when `readText` is given;
 * - JSON_OUTPUT (overrides FORMAT_OUTPUT): output format.
 * Invalid values throw FatalError CONFIG_INVALID, as Klar exits on them.
 */
export function policyFromKlarEnv(env: Env, readText?: ReadText): KlarSettings {
  const active = POLICY_VARS.some((name) => value(env, name) !== undefined);
  const output = value(env, "CLAIR_OUTPUT");
  const threshold = value(env, "CLAIR_THRESHOLD");
  const unfixed = value(env, "IGNORE_UNFIXED");
  const whitelistFile = value(env, "WHITELIST_FILE") ?? null;

  const policy: Policy = {
    ...(output !== undefined && { klarOutput: parseSeverityOption("CLAIR_OUTPUT", output) }),
    ...(active && { klarThreshold: threshold === undefined ? 0 : parseThreshold(threshold) }),
    ...(unfixed !== undefined && parseBool("IGNORE_UNFIXED", unfixed) && { ignoreUnfixed: true, unfixedMode: "uncounted" as const }),
    ...(whitelistFile !== null && readText !== undefined && { whitelist: readWhitelist(whitelistFile, readText) }),
  };
  return { policy, format: parseFormat(env), whitelistFile, active };
}
