/**
 * The parsed Dockerfile every dockerfile rule reads. `parseDockerfile` is pure: the CLI reads the
 * file and hands over its text. Malformed lines become Problems and are left out; nothing throws.
 *
 * Shape:
 * - `instructions`: every instruction in file order (global ARGs before the first FROM have
 *   `stage === -1`); `stages`: one per FROM, each holding its own instructions.
 * - Arguments of ADD, COPY, ENV, ARG, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR
 *   are substituted with Docker's scoping (`args`), and kept as written (`rawArgs`). RUN, CMD,
 *   ENTRYPOINT and HEALTHCHECK keep their text: the shell expands those at build/run time.
 */
import type { Problem } from "../../core/problem.js";
import { buildInstruction, KNOWN_KEYWORDS } from "./instruction-util.js";
import { logicalLines, readDirectives, type Directives, type Heredoc } from "./lines-util.js";

export type { Directives, Heredoc } from "./lines-util.js";

export type InstructionForm = "exec" | "shell";

export interface Flag {
  /** Without the dashes, lower-case: `from`, `chown`, `mount`, `platform`. */
  readonly name: string;
  /** Substituted value; null for a bare `--link`. */
  readonly value: string | null;
}

export interface KeyValue {
  readonly key: string;
  /** Null for `ARG NAME` without a default. */
  readonly value: string | null;
}

export interface Instruction {
  /** Upper-case keyword (`run`, `Run`, `RUN` are the same instruction). */
  readonly keyword: string;
  /** 1-based first and last line, including continuation lines and heredoc bodies. */
  readonly startLine: number;
  readonly endLine: number;
  /** The instruction as written, continuations joined, without heredoc bodies. */
  readonly text: string;
  /** Index of the stage it belongs to; -1 before the first FROM. */
  readonly stage: number;
  readonly flags: readonly Flag[];
  /**
   * exec form: the JSON array. Shell form of RUN/CMD/ENTRYPOINT: one element, the command text.
   * HEALTHCHECK: `["NONE"]` or `["CMD", ...command]`. Other instructions: the substituted words.
   */
  readonly args: readonly string[];
  /** The words after the flags as written (quotes kept, nothing substituted). */
  readonly rawArgs: readonly string[];
  readonly form: InstructionForm;
  readonly heredocs: readonly Heredoc[];
  /** ENV, ARG and LABEL pairs, substituted. */
  readonly keyValues: readonly KeyValue[];
  /**
   * Variables the arguments refer to that were not set at this point (set by the base image, a
   * `--build-arg` not given, or a typo); their substitution was empty.
   */
  readonly unresolved: readonly string[];
  /** For ONBUILD: the trigger instruction (not substituted; it runs in a later build). */
  readonly onbuild: Instruction | null;
}

/** Where a stage or `COPY --from` points: an earlier stage, or an image. */
export type StageRef = { readonly kind: "stage"; readonly index: number } | { readonly kind: "image"; readonly image: string };

export interface Stage {
  readonly index: number;
  /** `FROM x AS name`, lower-cased as Docker compares them; null when unnamed. */
  readonly name: string | null;
  /** Base image with variables substituted from global ARGs; `scratch` stays `scratch`. */
  readonly baseImage: string;
  /** Base image as written, e.g. `node:${VERSION}`. */
  readonly rawBaseImage: string;
  readonly base: StageRef;
  readonly platform: string | null;
  readonly from: Instruction;
  readonly instructions: readonly Instruction[];
  /** ENV values at the end of the stage (inherited from a parent stage), for rules that need them. */
  readonly env: ReadonlyMap<string, string>;
}

export interface DockerfileInput {
  readonly path: string;
  readonly directives: Directives;
  readonly stages: readonly Stage[];
  readonly instructions: readonly Instruction[];
  readonly problems: readonly Problem[];
}

export interface ParseOptions {
  /** `--build-arg` values; they override ARG defaults for declared ARGs only, as in Docker. */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

interface MutableStage {
  index: number;
  name: string | null;
  baseImage: string;
  rawBaseImage: string;
  base: StageRef;
  platform: string | null;
  from: Instruction;
  instructions: Instruction[];
  env: Map<string, string>;
  /** ARGs and ENVs visible to the next instruction. */
  scope: Map<string, string>;
}

export function parseDockerfile(text: string, path: string, options: ParseOptions = {}): DockerfileInput {
  const problems: Problem[] = [];
  const lines = text.split("\n");
  const { directives, next } = readDirectives(lines, path, problems);
  const escape = directives.escape;
  const buildArgs = options.buildArgs ?? {};
  const globalArgs = new Map<string, string>();
  const stages: MutableStage[] = [];
  const instructions: Instruction[] = [];

  for (const line of logicalLines(lines, next, escape, path, problems)) {
    const keyword = /^\s*(\S+)/.exec(line.text)?.[1]?.toUpperCase() ?? "";
    if (!KNOWN_KEYWORDS.has(keyword)) {
      problems.push({ kind: "malformed-record", path, line: line.startLine, detail: `unknown instruction '${keyword}'` });
      continue;
    }
    const current = stages[stages.length - 1];
    if (current === undefined && keyword !== "ARG" && keyword !== "FROM") {
      problems.push({ kind: "malformed-record", path, line: line.startLine, detail: `${keyword} before the first FROM (only ARG may come first)` });
      continue;
    }
    const scope = keyword === "FROM" || current === undefined ? globalArgs : current.scope;
    const built = buildInstruction(line, keyword, current?.index ?? -1, scope, escape);
    if (typeof built === "string") {
      problems.push({ kind: "malformed-record", path, line: line.startLine, detail: built });
      continue;
    }
    instructions.push(built);
    if (keyword === "FROM") {
      stages.push(newStage(built, stages));
      continue;
    }
    if (keyword === "ARG") {
      for (const kv of built.keyValues) {
        const given = buildArgs[kv.key];
        const value = given ?? kv.value ?? (current === undefined ? null : (globalArgs.get(kv.key) ?? null));
        if (value !== null) scope.set(kv.key, value);
      }
    } else if (keyword === "ENV" && current !== undefined) {
      for (const kv of built.keyValues) {
        current.scope.set(kv.key, kv.value ?? "");
        current.env.set(kv.key, kv.value ?? "");
      }
    }
    current?.instructions.push(built);
  }
  if (stages.length === 0 && instructions.length > 0) {
    problems.push({ kind: "malformed-record", path, line: null, detail: "no FROM instruction" });
  }
  return {
    path,
    directives,
    stages: stages.map(({ scope: _scope, ...s }) => s),
    instructions,
    problems,
  };
}

function newStage(from: Instruction, earlier: readonly MutableStage[]): MutableStage {
  const [image = "", , alias] = from.args;
  const rawBaseImage = from.rawArgs[0] ?? "";
  const base = resolveStageRef(image, earlier);
  const parent = base.kind === "stage" ? earlier[base.index] : undefined;
  const env = new Map(parent?.env ?? []);
  return {
    index: earlier.length,
    name: alias === undefined ? null : alias.toLowerCase(),
    baseImage: image,
    rawBaseImage,
    base,
    platform: from.flags.find((f) => f.name === "platform")?.value ?? null,
    from,
    instructions: [from],
    env,
    // Global ARGs are not visible in a stage until re-declared there.
    scope: new Map(env),
  };
}

/** Resolves a FROM image or `COPY --from` value against the stages declared before it. */
export function resolveStageRef(ref: string, earlier: readonly Pick<Stage, "index" | "name">[]): StageRef {
  const lower = ref.toLowerCase();
  const named = earlier.find((s) => s.name !== null && s.name === lower);
  if (named) return { kind: "stage", index: named.index };
  if (/^\d+$/.test(ref) && Number(ref) < earlier.length) return { kind: "stage", index: Number(ref) };
  return { kind: "image", image: ref };
}
