import { readFileSync } from "node:fs";
import type { CheckReport } from "../core/check.js";
import { FatalError, type Problem } from "../core/problem.js";
import { checkGroups, hostCheckWants, imageCheckWants, loadHostSnapshot, parseDockerfile, parseRuntime, runChecks, type CheckOptions } from "../checks/index.js";
import type { CheckFlags } from "./check-command.js";
import { imageInputFrom, readDirTree, readImageTree } from "./check-inputs.js";

export const GROUP_NAMES = ["image", "dockerfile", "host", "runtime"] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

export function isGroupName(value: string): value is GroupName {
  return (GROUP_NAMES as readonly string[]).includes(value);
}

export interface GroupRun {
  readonly report: CheckReport;
  /** Problems met reading the input; printed as warnings, the rules then skip what they lack. */
  readonly problems: readonly Problem[];
}

type Runner = (target: string, flags: CheckFlags, options: CheckOptions) => Promise<GroupRun>;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new FatalError("IMAGE_NOT_FOUND", `${what} ${path}: ${code === "ENOENT" ? "no such file" : e instanceof Error ? e.message : String(e)}`);
  }
}

function ids(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
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
  async image(target, flags, options) {
    const { image, tree } = await readImageTree(target, imageCheckWants, flags);
    return { report: runChecks(checkGroups.image, imageInputFrom(target, image, tree), { ...options, group: "image" }), problems: [] };
  },
  async dockerfile(target, flags, options) {
    const input = parseDockerfile(readText(target, "Dockerfile"), target, { buildArgs: buildArgs(flags.buildArg) });
    return { report: runChecks(checkGroups.dockerfile, input, { ...options, group: "dockerfile" }), problems: input.problems };
  },
  async host(target, flags, options) {
    const tree = await readDirTree(target, hostCheckWants, flags);
    const input = loadHostSnapshot(tree, flags.trustedUser && flags.trustedUser.length > 0 ? { trustedUsers: ids(flags.trustedUser) } : {});
    return { report: runChecks(checkGroups.host, input, { ...options, group: "host" }), problems: input.problems };
  },
  async runtime(target, _flags, options) {
    const input = parseRuntime(readText(target, "runtime configuration"), target);
    return { report: runChecks(checkGroups.runtime, input, { ...options, group: "runtime" }), problems: input.problems };
  },
};
