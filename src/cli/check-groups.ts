import { readFileSync } from "node:fs";
import { FatalError, type Problem } from "../core/problem.js";
import type { Severity } from "../core/severity.js";
import { hostCheckWants, imageCheckWants, loadHostSnapshot, parseDockerfile, parseRuntime, type CheckOptions } from "../checks/index.js";
import { runCheckGroup, type CheckOutcome } from "../app/check.js";
import type { CheckFlags } from "./check-command.js";
import { imageInputFrom, readDirTree, readImageTree } from "./check-inputs.js";

export const GROUP_NAMES = ["image", "dockerfile", "host", "runtime"] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

export function isGroupName(value: string): value is GroupName {
  return (GROUP_NAMES as readonly string[]).includes(value);
}

export interface GroupRun {
  /** The rules' results and verdict, from the one check workflow (app/check.ts). */
  readonly outcome: CheckOutcome;
  /** Problems met reading the input; printed as warnings, the rules then skip what they lack. */
  readonly problems: readonly Problem[];
}

/** Reads the group's input from `target` (the CLI's part), then runs the workflow on it. */
type Runner = (target: string, flags: CheckFlags, options: CheckOptions, failOn: Severity | undefined) => Promise<GroupRun>;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new FatalError("IMAGE_NOT_FOUND", `${what} ${path}: ${code === "ENOENT" ? "no such file" : e instanceof Error ? e.message : String(e)}`);
  }
}

function ids(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** `--build-arg NAME=VALUE`, repeatable, as `docker build` takes it. */
function buildArgs(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf("=");
    if (i <= 0) throw new FatalError("CONFIG_INVALID", `--build-arg: '${v}' is not NAME=VALUE`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

export const GROUP_RUNNERS: Record<GroupName, Runner> = {
  async image(target, flags, options, failOn) {
    const { image, tree } = await readImageTree(target, imageCheckWants, flags);
    return { outcome: runCheckGroup("image", imageInputFrom(target, image, tree), options, failOn), problems: [] };
  },
  async dockerfile(target, flags, options, failOn) {
    const input = parseDockerfile(readText(target, "Dockerfile"), target, { buildArgs: buildArgs(flags.buildArg) });
    return { outcome: runCheckGroup("dockerfile", input, options, failOn), problems: input.problems };
  },
  async host(target, flags, options, failOn) {
    const tree = await readDirTree(target, hostCheckWants, flags);
    const input = loadHostSnapshot(tree, flags.trustedUser && flags.trustedUser.length > 0 ? { trustedUsers: ids(flags.trustedUser) } : {});
    return { outcome: runCheckGroup("host", input, options, failOn), problems: input.problems };
  },
  async runtime(target, _flags, options, failOn) {
    const input = parseRuntime(readText(target, "runtime configuration"), target);
    return { outcome: runCheckGroup("runtime", input, options, failOn), problems: input.problems };
  },
};
