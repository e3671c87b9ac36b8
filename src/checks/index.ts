import type { CheckLevel } from "../core/check.js";
import type { Severity } from "../core/severity.js";
import type { CheckGroup, CheckRule } from "../contracts/check-rule.js";
import { DEFAULT_BENCHMARK_VERSION } from "./engine.js";
import { dockerfileRules } from "./dockerfile/index.js";
import { hostRules } from "./host/index.js";
import { imageRules } from "./image/index.js";
import { runtimeRules } from "./runtime/index.js";

export { DEFAULT_BENCHMARK_VERSION, expiredEntries, ruleIds, ruleMatches, runChecks, selectRules, type CheckOptions } from "./engine.js";
export { isExpired, parseIgnoreFile, type IgnoreEntry } from "./ignore-file.js";
export { dockerfileRules, parseDockerfile, type DockerfileInput } from "./dockerfile/index.js";
export { hostCheckWants, hostRules, loadHostSnapshot, type HostSnapshot } from "./host/index.js";
export { parseRuntime, runtimeRules, type RuntimeCheckInput } from "./runtime/index.js";
export { imageCheckInput, imageCheckWants, imageRules, tagOfReference, type ImageCheckInput } from "./image/index.js";

/**
 * Every rule group, by the name `claro check` uses; `--list` and the id validation read from here.
 */
export const checkGroups = {
  image: imageRules,
  dockerfile: dockerfileRules,
  host: hostRules,
  runtime: runtimeRules,
} as const satisfies Record<CheckGroup, Record<string, CheckRule<never>>>;

export type RegisteredGroup = keyof typeof checkGroups;

/** One line of `claro check --list`. */
export interface CatalogueEntry {
  readonly id: string;
  readonly group: CheckGroup;
  /** The id in the chosen benchmark version; null when the rule has none there. */
  readonly benchmarkId: string | null;
  readonly benchmarkIds: Readonly<Record<string, string>>;
  readonly references: readonly string[];
  readonly level: CheckLevel;
  readonly severity: Severity;
  readonly title: string;
  readonly section: string;
  readonly needs: readonly string[];
}

/** Every registered rule of every group, in group then registry order. */
export function allRules(): CheckRule<never>[] {
  return Object.values(checkGroups).flatMap((rules): CheckRule<never>[] => Object.values(rules));
}

export function listRules(benchmarkVersion: string = DEFAULT_BENCHMARK_VERSION): CatalogueEntry[] {
  return allRules().map((r) => ({
    id: r.id,
    group: r.group,
    benchmarkId: r.benchmarkIds[benchmarkVersion] ?? null,
    benchmarkIds: { ...r.benchmarkIds },
    references: [...r.references],
    level: r.level,
    severity: r.severity,
    title: r.title,
    section: r.section,
    needs: [...r.needs],
  }));
}

/** Benchmark versions some rule has ids for, sorted. */
export function knownBenchmarkVersions(): string[] {
  return [...new Set([DEFAULT_BENCHMARK_VERSION, ...allRules().flatMap((r) => Object.keys(r.benchmarkIds))])].sort();
}
