import type { CheckLevel, CheckOutcome } from "../core/check.js";
import type { Severity } from "../core/severity.js";

/** The input groups of `claro check`: each has its own parsed input type in `checks/<group>/`. */
export type CheckGroup = "image" | "dockerfile" | "host" | "runtime";

/**
 * One check, in one file under `src/checks/<group>/`, registered in that group's map. The rule's
 * ids live in the rule file (no central constants file), one per benchmark version because the
 * CIS numbering moved between versions.
 */
export interface CheckRule<Input> {
  /** claro's stable id, kebab-case, e.g. `image-non-root-user`. */
  readonly id: string;
  readonly group: CheckGroup;
  /** CIS Docker Benchmark id per benchmark version, e.g. `{ "1.6.0": "4.1" }`; `{}` for non-CIS rules. */
  readonly benchmarkIds: Readonly<Record<string, string>>;
  /** Ids of the same check in other tools: `CIS-DI-0001`, `DKL-DI-0005`, `DS002`, `DL3002`. */
  readonly references: readonly string[];
  readonly title: string;
  /** Section heading for grouped output, e.g. `4 Container Images and Build File`. */
  readonly section: string;
  readonly level: CheckLevel;
  readonly severity: Severity;
  /** Human description of the inputs the rule reads, for `claro check --list`. */
  readonly needs: readonly string[];
  readonly remediation: string;
  evaluate(input: Input): CheckOutcome;
}
