import type { CheckLevel, CheckOutcome, CheckReport, CheckResult } from "../core/check.js";
import type { CheckGroup, CheckRule } from "../contracts/check-rule.js";
import { isExpired, type IgnoreEntry } from "./ignore-file.js";

/** The benchmark version whose ids are reported unless `--benchmark-version` says otherwise. */
export const DEFAULT_BENCHMARK_VERSION = "1.6.0";

export interface CheckOptions {
  /** What was checked, as the user named it (an image ref, a file path). */
  readonly target: string;
  /** Defaults to the rules' own group. */
  readonly group?: CheckGroup;
  readonly benchmarkVersion?: string;
  /** 1: only level-1 rules; 2 (default): every rule. */
  readonly level?: CheckLevel;
  /** Only rules matching one of these ids (rule id, benchmark id or reference id); empty = all. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly ignore?: readonly IgnoreEntry[];
  /** The clock for ignore-entry expiry; tests pin it. */
  readonly now?: Date;
}

/** Every id a user may name a rule by: its own id, its benchmark id in any version, its references. */
export function ruleIds<I>(rule: CheckRule<I>): string[] {
  return [rule.id, ...Object.values(rule.benchmarkIds), ...rule.references];
}

/**
 * Whether `id` names the rule. Benchmark ids are matched in the chosen version only, because
 * the numbering moved between versions (`5.31` is a different check in 1.6.0 than in 1.3.6).
 */
export function ruleMatches<I>(rule: CheckRule<I>, id: string, benchmarkVersion: string): boolean {
  const want = id.trim().toLowerCase();
  const names = [rule.id, rule.benchmarkIds[benchmarkVersion], ...rule.references];
  return names.some((n) => n !== undefined && n.toLowerCase() === want);
}

/** The rules a run evaluates, in registry order. */
export function selectRules<I>(rules: Record<string, CheckRule<I>>, options: CheckOptions): CheckRule<I>[] {
  const version = options.benchmarkVersion ?? DEFAULT_BENCHMARK_VERSION;
  const level = options.level ?? 2;
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  return Object.values(rules).filter(
    (rule) =>
      rule.level <= level &&
      (include.length === 0 || include.some((id) => ruleMatches(rule, id, version))) &&
      !exclude.some((id) => ruleMatches(rule, id, version)),
  );
}

function evaluate<I>(rule: CheckRule<I>, input: I): { outcome: CheckOutcome; error?: string } {
  try {
    return { outcome: rule.evaluate(input) };
  } catch (e) {
    // A throwing rule is a bug in claro: report it loudly as not evaluated, never as a pass.
    const message = e instanceof Error ? e.message : String(e);
    return { outcome: { status: "skip", missing: `the rule failed to evaluate (a bug in claro): ${message}` }, error: message };
  }
}

/**
 * Runs the selected rules over one parsed input. Ignored results stay in the report, marked with
 * the entry's reason, so a reader sees what was accepted; expired entries no longer apply.
 */
export function runChecks<I>(rules: Record<string, CheckRule<I>>, input: I, options: CheckOptions): CheckReport {
  const version = options.benchmarkVersion ?? DEFAULT_BENCHMARK_VERSION;
  const now = options.now ?? new Date();
  const active = (options.ignore ?? []).filter((e) => !isExpired(e, now));
  const selected = selectRules(rules, options);
  const results = selected.map((rule): CheckResult => {
    const { outcome, error } = evaluate(rule, input);
    const entry = active.find((e) => ruleMatches(rule, e.id, version));
    return {
      ruleId: rule.id,
      benchmarkId: rule.benchmarkIds[version] ?? null,
      references: [...rule.references],
      title: rule.title,
      group: rule.group,
      section: rule.section,
      level: rule.level,
      severity: rule.severity,
      remediation: rule.remediation,
      outcome,
      ...(entry ? { ignored: { reason: entry.reason, expires: entry.expires } } : {}),
      ...(error !== undefined ? { error } : {}),
    };
  });
  const group = options.group ?? selected[0]?.group ?? Object.values(rules)[0]?.group ?? "image";
  return { target: options.target, group, benchmarkVersion: version, results };
}

/** Ignore entries that have expired on `now`, so the CLI can say they no longer apply. */
export function expiredEntries(entries: readonly IgnoreEntry[], now: Date = new Date()): IgnoreEntry[] {
  return entries.filter((e) => isExpired(e, now));
}
