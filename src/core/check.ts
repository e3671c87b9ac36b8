import type { Severity } from "./severity.js";

/** CIS profile level. */
export type CheckLevel = 1 | 2;

/** Where a finding was seen: enough for a person to look, and for SARIF to place it. */
export interface Evidence {
  readonly file?: string;
  readonly line?: number;
  readonly key?: string;
  readonly value?: string;
  readonly detail?: string;
}

/**
 * A rule's verdict. `skip` names the input that was missing; `manual` says what a person must
 * verify (checks that need a live engine are never silently passed).
 */
export type CheckOutcome =
  | { readonly status: "pass"; readonly detail?: string }
  | { readonly status: "fail"; readonly evidence: readonly Evidence[] }
  | { readonly status: "skip"; readonly missing: string }
  | { readonly status: "manual"; readonly instructions: string };

export type CheckStatus = CheckOutcome["status"];

/** One rule's result in a check report. */
export interface CheckResult {
  readonly ruleId: string;
  /** The benchmark id for the selected benchmark version (e.g. `4.1`), or null for non-CIS rules. */
  readonly benchmarkId: string | null;
  readonly references: readonly string[];
  readonly title: string;
  readonly group: string;
  readonly section: string;
  readonly level: CheckLevel;
  readonly severity: Severity;
  readonly remediation: string;
  readonly outcome: CheckOutcome;
  /** Set when an ignore-file entry matched: the result is kept and shown, but never fails a policy. */
  readonly ignored?: { readonly reason: string; readonly expires: string | null };
  /**
   * Set when the rule threw (a bug in claro). The outcome is then a `skip` naming the error: a
   * rule that could not be evaluated is never reported as passed.
   */
  readonly error?: string;
}

export interface CheckReport {
  readonly target: string;
  readonly group: string;
  readonly benchmarkVersion: string;
  readonly results: readonly CheckResult[];
}
