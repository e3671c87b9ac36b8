import type { CheckLevel, CheckOutcome, Evidence } from "../../core/check.js";
import type { Severity } from "../../core/severity.js";
import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";

export const SECTION_HOST = "1 Host Configuration";
export const SECTION_DAEMON = "2 Docker daemon configuration";
export const SECTION_FILES = "3 Docker daemon configuration files";

export interface HostRuleMeta {
  readonly id: string;
  /** CIS Docker Benchmark v1.6.0 id. */
  readonly cis: string;
  readonly title: string;
  readonly section: string;
  readonly level: CheckLevel;
  readonly severity: Severity;
  readonly needs: readonly string[];
  readonly remediation: string;
  readonly references?: readonly string[];
}

export function hostRule(meta: HostRuleMeta, evaluate: (s: HostSnapshot) => CheckOutcome): CheckRule<HostSnapshot> {
  return {
    id: meta.id,
    group: "host",
    benchmarkIds: { "1.6.0": meta.cis },
    references: meta.references ?? [],
    title: meta.title,
    section: meta.section,
    level: meta.level,
    severity: meta.severity,
    needs: meta.needs,
    remediation: meta.remediation,
    evaluate,
  };
}

export function pass(detail?: string): CheckOutcome {
  return detail === undefined ? { status: "pass" } : { status: "pass", detail };
}
export function fail(...evidence: Evidence[]): CheckOutcome {
  return { status: "fail", evidence };
}
export function skip(missing: string): CheckOutcome {
  return { status: "skip", missing };
}
export function manual(instructions: string): CheckOutcome {
  return { status: "manual", instructions };
}

/** `/etc/docker` from a root-relative path, for messages and evidence. */
export function abs(path: string): string {
  return `/${path}`;
}

/** Modes are always shown and compared in octal: `0640`. */
export function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, "0")}`;
}
