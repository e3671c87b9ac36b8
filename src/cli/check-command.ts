import { existsSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { CheckLevel } from "../core/check.js";
import { describeProblem, FatalError, type Problem } from "../core/problem.js";
import { DEFAULT_BENCHMARK_VERSION, type CheckOptions } from "../checks/index.js";
import { checkOptions as selectRules, type CheckOutcome } from "../app/check.js";
import { checkReporters, isCheckFormat, type CheckFormat } from "../report/index.js";
import { parseSeverityOption } from "../report/index.js";
import { GROUP_RUNNERS, isGroupName, type GroupName } from "./check-groups.js";
import { renderCatalogue } from "./check-list.js";
import type { ExitCode } from "./errors.js";
import { writeReport } from "./output.js";
import type { OutputTarget } from "./output-targets.js";
import type { ImageFlags } from "./check-inputs.js";

export interface CheckFlags extends ImageFlags {
  readonly format?: string;
  readonly output?: string;
  readonly level?: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly benchmarkVersion?: string;
  readonly ignoreFile?: string;
  readonly failOn?: string;
  readonly list?: boolean;
  readonly buildArg?: readonly string[];
  readonly trustedUser?: readonly string[];
  /** More reports of the same run, `--output FORMAT=FILE` (output-targets.ts); none on stdout when primaryOutput is false. */
  readonly extraOutputs?: readonly OutputTarget[];
  readonly primaryOutput?: boolean;
}

/**
 * A bare target that is a Dockerfile on disk (named `Dockerfile`, `Containerfile`, `*.dockerfile`,
 * or starting with FROM/ARG/a parser directive) is checked as one; `claro check ./Dockerfile`
 * otherwise fails as a registry reference.
 */
export function looksLikeDockerfile(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isFile()) return false;
  if (/(^|[./-])(docker|container)file([.-]|$)/i.test(basename(path))) return true;
  const head = readFileSync(path, "utf8").slice(0, 4096);
  const first = head
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "" && !/^#(?!\s*(syntax|escape|check)=)/i.test(l));
  return first !== undefined && (/^(FROM|ARG)\s/i.test(first) || /^#\s*(syntax|escape|check)=/i.test(first));
}

/** `claro check [image|dockerfile|host|runtime] TARGET`: a bare target is a Dockerfile or an image reference. */
export function parseCheckArgs(args: readonly string[]): { group: GroupName; target: string } {
  const [first, second, ...rest] = args;
  if (first === undefined)
    throw new FatalError(
      "CONFIG_INVALID",
      "claro check: missing target",
      "give an image reference, or `dockerfile PATH`, `host DIR`, `runtime FILE`; `--list` prints the rules",
    );
  if (rest.length > 0) throw new FatalError("CONFIG_INVALID", `claro check: unexpected argument '${rest[0]}'`, "give one target");
  if (second === undefined) return { group: looksLikeDockerfile(first) ? "dockerfile" : "image", target: first };
  if (!isGroupName(first)) throw new FatalError("CONFIG_INVALID", `claro check: unknown group '${first}'`, "use image, dockerfile, host or runtime");
  return { group: first, target: second };
}

/** Comma-separated and repeatable: `--include 4.1,4.6 --include DS002`. */
function ids(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function parseLevel(value: string | undefined): CheckLevel {
  if (value === undefined || value === "2") return 2;
  if (value === "1") return 1;
  throw new FatalError("CONFIG_INVALID", `--level: '${value}' is not 1 or 2`, "level 1 runs the L1 profile only; level 2 runs every rule");
}

/** Flags → engine options (app/check.ts validates them against the whole catalogue). */
export function checkOptions(flags: CheckFlags, target: string, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): CheckOptions {
  let ignoreFile: { text: string; path: string } | undefined;
  if (flags.ignoreFile !== undefined) {
    try {
      ignoreFile = { text: readFile(flags.ignoreFile), path: flags.ignoreFile };
    } catch (e) {
      throw new FatalError("CONFIG_INVALID", `--ignore-file: cannot read ${flags.ignoreFile} (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return selectRules({
    target,
    benchmarkVersion: flags.benchmarkVersion,
    level: parseLevel(flags.level),
    include: ids(flags.include),
    exclude: ids(flags.exclude),
    ignoreFile,
  });
}

function chooseFormat(flags: CheckFlags): CheckFormat {
  const format = flags.format ?? (process.stdout.isTTY || flags.output ? "table" : "json");
  if (!isCheckFormat(format)) throw new FatalError("CONFIG_INVALID", `unknown --format '${format}'`, `use one of: ${Object.keys(checkReporters).join(", ")}`);
  return format;
}

function warn(quiet: boolean | undefined, lines: readonly string[]): void {
  if (!quiet) for (const l of lines) process.stderr.write(`claro: ${l}\n`);
}

export async function checkCommand(args: readonly string[], flags: CheckFlags): Promise<ExitCode> {
  if (flags.list) {
    writeReport(renderCatalogue(flags.benchmarkVersion ?? DEFAULT_BENCHMARK_VERSION, flags.format === "json" ? "json" : "table"), flags.output);
    return 0;
  }
  const { group, target } = parseCheckArgs(args);
  const format = chooseFormat(flags);
  const failOn = flags.failOn === undefined ? undefined : parseSeverityOption("--fail-on", flags.failOn);
  const options = checkOptions(flags, target);
  const { outcome, problems } = await GROUP_RUNNERS[group](target, flags, options, failOn);
  warn(
    flags.quiet,
    outcome.expired.map((line) => `warning: ${line}`),
  );
  return finish(outcome, problems, format, flags);
}

function finish({ report, verdict }: CheckOutcome, problems: readonly Problem[], format: CheckFormat, flags: CheckFlags): ExitCode {
  warn(
    flags.quiet,
    problems.map((p) => `warning: ${describeProblem(p)}`),
  );
  const color = format === "table" && !flags.output && Boolean(process.stdout.isTTY) && !process.env["NO_COLOR"];
  if (flags.primaryOutput !== false) writeReport(checkReporters[format].render(report, { color }), flags.output);
  for (const t of flags.extraOutputs ?? []) if (isCheckFormat(t.format)) writeReport(checkReporters[t.format].render(report, { color: false }), t.file);
  if (verdict.errors.length > 0) {
    // Always on stderr, even with --quiet: the analysis is incomplete and the exit code says so.
    for (const r of verdict.errors) process.stderr.write(`claro: error: rule ${r.ruleId} failed to evaluate (a bug in claro): ${r.error ?? ""}\n`);
    return 2;
  }
  if (!verdict.passed) {
    warn(
      flags.quiet,
      verdict.reasons.map((r) => `policy failed: ${r}`),
    );
    return 1;
  }
  return 0;
}
