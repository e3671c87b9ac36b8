import type { CheckOutcome, Evidence } from "../../core/check.js";
import { describeProblem } from "../../core/problem.js";
import type { ContainerSpec, Located, RuntimeCheckInput } from "./spec-util.js";

export const RUNTIME_SECTION = "5 Container Runtime Configuration";

/** What a rule concludes for one container. */
export type ContainerVerdict =
  | { readonly kind: "pass"; readonly note?: string }
  | { readonly kind: "fail"; readonly findings: readonly Finding[] }
  /** The setting does not exist in this container's format (e.g. pids limit in a pod spec). */
  | { readonly kind: "n/a"; readonly missing: string };

export interface Finding {
  readonly at: Located<unknown> | null;
  readonly detail: string;
}

export const pass = (note?: string): ContainerVerdict => (note === undefined ? { kind: "pass" } : { kind: "pass", note });
export const fail = (at: Located<unknown> | null, detail: string): ContainerVerdict => ({ kind: "fail", findings: [{ at, detail }] });
export const notApplicable = (missing: string): ContainerVerdict => ({ kind: "n/a", missing });

/** Evidence names the container, so a file with many containers lists each offender. */
export function evidenceFor(c: ContainerSpec, f: Finding): Evidence {
  const at = f.at;
  return {
    file: c.source.file,
    ...((at?.line ?? c.source.line) !== null ? { line: (at?.line ?? c.source.line) as number } : {}),
    ...(at ? { key: at.key, value: at.text } : {}),
    detail: `${c.name}: ${f.detail}`,
  };
}

export function noContainers(input: RuntimeCheckInput): CheckOutcome {
  const why = input.problems[0];
  return { status: "skip", missing: why ? `containers (input unreadable: ${describeProblem(why)})` : "containers (the input defines none)" };
}

/**
 * Runs a per-container check: the rule fails if any container fails (every offender listed),
 * skips when the setting exists in none of the containers' formats, and otherwise passes.
 */
export function perContainer(input: RuntimeCheckInput, check: (c: ContainerSpec) => ContainerVerdict): CheckOutcome {
  if (input.containers.length === 0) return noContainers(input);
  const evidence: Evidence[] = [];
  const notes: string[] = [];
  const missing: string[] = [];
  let checked = 0;
  for (const c of input.containers) {
    const v = check(c);
    if (v.kind === "fail") evidence.push(...v.findings.map((f) => evidenceFor(c, f)));
    else if (v.kind === "n/a") missing.push(`${c.name}: ${v.missing}`);
    else {
      checked++;
      if (v.note) notes.push(`${c.name}: ${v.note}`);
    }
  }
  if (evidence.length > 0) return { status: "fail", evidence };
  if (checked === 0) return { status: "skip", missing: missing.join("; ") };
  const detail = [`${checked} container(s) checked`, ...notes, ...missing.map((m) => `not applicable to ${m}`)].join("; ");
  return { status: "pass", detail };
}

/** Collects several findings for one container into one verdict. */
export function verdict(findings: readonly Finding[], note?: string): ContainerVerdict {
  return findings.length > 0 ? { kind: "fail", findings } : pass(note);
}

export function containerList(input: RuntimeCheckInput): string {
  return input.containers.map((c) => c.name).join(", ");
}
