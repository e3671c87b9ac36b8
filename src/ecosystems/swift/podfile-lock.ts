import { parse } from "yaml";
import { z } from "zod";
import { swiftUrlName } from "./package-resolved.js";

/**
 * CocoaPods' `Podfile.lock` (YAML). `PODS` lists every resolved pod and subspec as
 * `Name/Sub (version)`, alone or as a key over its dependencies; subspecs fold into their root
 * pod, which is what is published and versioned. A pod named in `DEPENDENCIES` is direct.
 * `CHECKOUT OPTIONS` (and `EXTERNAL SOURCES`) give the git repository of pods not taken from the
 * trunk; that URL is how a pod can be looked up in OSV's `SwiftURL` data, which names packages by
 * repository, not by pod.
 */
export interface PodEntry {
  readonly name: string;
  /** As the lockfile writes it, e.g. `2.0.3`, or `HEAD based on 1.0` for a pod tracking a branch. */
  readonly version: string;
  readonly direct: boolean;
  /** `github.com/owner/repo` when the lockfile records where the pod came from. */
  readonly repository: string | null;
}

const sourcesSchema = z.record(z.string(), z.record(z.string(), z.unknown()).nullable()).nullish();
const lockSchema = z.object({
  PODS: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])),
  DEPENDENCIES: z.array(z.string()).nullish(),
  "CHECKOUT OPTIONS": sourcesSchema,
  "EXTERNAL SOURCES": sourcesSchema,
});

const POD = /^(\S+?)(?:\s+\((.*)\))?$/;

export function parsePodfileLock(text: string): PodEntry[] | string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return `not YAML: ${e instanceof Error ? e.message : String(e)}`;
  }
  const parsed = lockSchema.safeParse(doc);
  if (!parsed.success) return "not a Podfile.lock (no PODS list)";
  const direct = new Set((parsed.data.DEPENDENCIES ?? []).map((d) => (POD.exec(d.trim())?.[1] ?? d).split("/")[0]!));
  const repoOf = (name: string): string | null => {
    for (const sources of [parsed.data["CHECKOUT OPTIONS"], parsed.data["EXTERNAL SOURCES"]]) {
      const git = sources?.[name]?.[":git"];
      if (typeof git === "string" && git !== "") return swiftUrlName(git);
    }
    return null;
  };
  const out = new Map<string, PodEntry>();
  for (const item of parsed.data.PODS) {
    const key = typeof item === "string" ? item : Object.keys(item)[0];
    const m = key === undefined ? null : POD.exec(key.trim());
    if (m === null || m[2] === undefined) continue;
    const name = m[1]!.split("/")[0]!;
    if (!out.has(name)) out.set(name, { name, version: m[2], direct: direct.has(name), repository: repoOf(name) });
  }
  return [...out.values()];
}
