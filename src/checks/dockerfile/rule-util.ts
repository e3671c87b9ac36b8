/** Shared pieces of the dockerfile rules: sections, evidence, stage lookups. */
import type { CheckOutcome, Evidence } from "../../core/check.js";
import type { DockerfileInput, Instruction, Stage } from "./input.js";

export const CIS_SECTION = "4 Container Images and Build File Configuration";
export const BEST_PRACTICE_SECTION = "Dockerfile best practices";

/** Evidence for one instruction: file, its first line, the keyword and its text. */
export function evidenceOf(input: DockerfileInput, instr: Instruction, detail?: string): Evidence {
  return {
    file: input.path,
    line: instr.startLine,
    key: instr.keyword,
    value: instr.text,
    ...(detail === undefined ? {} : { detail }),
  };
}

/** fail with the evidence, or pass (with a detail saying what was looked at). */
export function verdict(evidence: readonly Evidence[], passDetail?: string): CheckOutcome {
  if (evidence.length > 0) return { status: "fail", evidence };
  return passDetail === undefined ? { status: "pass" } : { status: "pass", detail: passDetail };
}

/** Rules about a build need at least one stage; without one they cannot decide. */
export const NO_STAGE: CheckOutcome = { status: "skip", missing: "a FROM instruction (the Dockerfile has no build stage)" };

export function finalStage(input: DockerfileInput): Stage | undefined {
  return input.stages[input.stages.length - 1];
}

/** The stage followed by the stages it is built FROM (`FROM builder`), nearest first. */
export function stageLineage(input: DockerfileInput, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let current = stage;
  while (current.base.kind === "stage") {
    const parent = input.stages[current.base.index];
    if (parent === undefined || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** The stage's instructions with a keyword, the ancestors' first (the order they apply in). */
export function inherited(input: DockerfileInput, stage: Stage, keyword: string): Instruction[] {
  return stageLineage(input, stage)
    .reverse()
    .flatMap((s) => s.instructions.filter((i) => i.keyword === keyword));
}

/** Evidence for every stage holding more than one instruction of a kind (the later ones). */
export function duplicatesPerStage(input: DockerfileInput, keyword: string): Evidence[] {
  return input.stages.flatMap((stage) => {
    const found = stage.instructions.filter((i) => i.keyword === keyword);
    return found.slice(1).map((i) => evidenceOf(input, i, `stage ${stage.index} has ${found.length} ${keyword} instructions; only the last one takes effect`));
  });
}

export function runsOf(input: DockerfileInput): Instruction[] {
  return input.instructions.filter((i) => i.keyword === "RUN");
}
