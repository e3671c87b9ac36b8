import type { ContentProbe } from "../contracts/scanner.js";

/** The probes interested in a regular file, judged from its metadata; the size cap is enforced here. */
export function matchingProbes(probes: readonly ContentProbe[] | undefined, entry: { path: string; mode: number; size: number }): readonly ContentProbe[] {
  if (probes === undefined || entry.size === 0) return NONE;
  // Asked for every file of every layer, and most files match no probe: no array for those.
  let out: ContentProbe[] | null = null;
  for (const p of probes) if (entry.size <= p.maxBytes && p.match(entry)) (out ??= []).push(p);
  return out ?? NONE;
}

const NONE: readonly ContentProbe[] = [];

/**
 * Runs the probes on one file's bytes and keeps only their results. A probe that throws is a bug
 * in the probe, not in the image: the file simply gets no result from it rather than stopping the scan.
 * `maxExtraBytes` is what is left of the scan's budget for files held for parsing.
 */
export function runProbes(probes: readonly ContentProbe[], content: Buffer, path: string, maxExtraBytes?: number): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  for (const p of probes) {
    let result: unknown;
    try {
      result = maxExtraBytes === undefined ? p.run(content, path) : p.run(content, path, maxExtraBytes);
    } catch {
      continue;
    }
    if (result === undefined || result === null) continue;
    (out ??= {})[p.id] = result;
  }
  return out;
}
