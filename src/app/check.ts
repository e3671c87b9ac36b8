import type { CheckLevel, CheckReport } from "../core/check.js";
import { FatalError } from "../core/problem.js";
import type { Severity } from "../core/severity.js";
import {
  allRules,
  checkGroups,
  DEFAULT_BENCHMARK_VERSION,
  expiredEntries,
  knownBenchmarkVersions,
  parseIgnoreFile,
  ruleMatches,
  runChecks,
  type CheckOptions,
  type IgnoreEntry,
  type RegisteredGroup,
} from "../checks/index.js";
import { checkVerdict, type CheckVerdict } from "../report/index.js";

/** Which rules run: `claro check`'s selection, validated against the whole catalogue. */
export interface CheckSelection {
  readonly target: string;
  readonly benchmarkVersion?: string | undefined;
  readonly level?: CheckLevel | undefined;
  readonly include?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  /** The accepted-findings file as read: its text and its path (for messages). */
  readonly ignoreFile?: { readonly text: string; readonly path: string } | undefined;
}

/** The engine options for a selection; an id no rule has is CONFIG_INVALID, so a typo never filters silently. */
export function checkOptions(s: CheckSelection): CheckOptions {
  const benchmarkVersion = s.benchmarkVersion ?? DEFAULT_BENCHMARK_VERSION;
  const versions = knownBenchmarkVersions();
  if (!versions.includes(benchmarkVersion)) {
    throw new FatalError(
      "CONFIG_INVALID",
      `--benchmark-version: no rule has ids for CIS Docker Benchmark ${benchmarkVersion}`,
      `known versions: ${versions.join(", ")}`,
    );
  }
  const include = [...(s.include ?? [])];
  const exclude = [...(s.exclude ?? [])];
  const rules = allRules();
  for (const [flag, list] of [
    ["--include", include],
    ["--exclude", exclude],
  ] as const) {
    const unknown = list.filter((id) => !rules.some((r) => ruleMatches(r, id, benchmarkVersion)));
    if (unknown.length > 0) {
      throw new FatalError(
        "CONFIG_INVALID",
        `${flag}: no rule has the id ${unknown.join(", ")} (benchmark ${benchmarkVersion})`,
        "run `claro check --list` for rule, benchmark and reference ids",
      );
    }
  }
  const ignore: IgnoreEntry[] = s.ignoreFile === undefined ? [] : parseIgnoreFile(s.ignoreFile.text, s.ignoreFile.path);
  return { target: s.target, benchmarkVersion, level: s.level ?? 2, include, exclude, ignore };
}

/** What a group's rules read: the image config and tree, a parsed Dockerfile, a host snapshot, a runtime config. */
export type CheckInputOf<G extends RegisteredGroup> = (typeof checkGroups)[G] extends Record<string, { evaluate(input: infer I): unknown }> ? I : never;

export interface CheckOutcome {
  readonly report: CheckReport;
  readonly verdict: CheckVerdict;
  /** One line per ignore entry past its `expires`, which no longer applies. */
  readonly expired: readonly string[];
}

/**
 * The check workflow once the input is read: run the selected rules of `group`, then decide the
 * verdict at `failOn` (rules that threw are the verdict's `errors`: the analysis is incomplete).
 */
export function runCheckGroup<G extends RegisteredGroup>(group: G, input: CheckInputOf<G>, options: CheckOptions, failOn: Severity | undefined): CheckOutcome {
  const rules = checkGroups[group] as Record<string, Parameters<typeof runChecks<CheckInputOf<G>>>[0][string]>;
  const report = runChecks(rules, input, { ...options, group });
  const expired = expiredEntries(options.ignore ?? []).map((e) => `ignore entry '${e.id}' expired on ${e.expires}; it no longer applies`);
  return { report, verdict: checkVerdict(report, failOn), expired };
}
