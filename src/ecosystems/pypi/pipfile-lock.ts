import { z } from "zod";
import type { Problem } from "../../core/problem.js";
import type { LockEntry, LockParse } from "./lock-entry.js";

const Section = z.record(z.string(), z.looseObject({ version: z.string().optional() }));
const PipfileLock = z.looseObject({ default: Section.optional(), develop: Section.optional() });

/** Pipfile.lock: `default` packages, and `develop` ones flagged dev; versions are `==x`. */
export function parsePipfileLock(text: string, path: string): LockParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { entries: [], problems: [{ kind: "malformed-record", path, line: null, detail: `Pipfile.lock is not JSON: ${(e as Error).message}` }] };
  }
  const parsed = PipfileLock.safeParse(json);
  if (!parsed.success) {
    return {
      entries: [],
      problems: [{ kind: "malformed-record", path, line: null, detail: `unexpected Pipfile.lock shape: ${parsed.error.issues[0]?.message ?? "invalid"}` }],
    };
  }
  const entries: LockEntry[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [section, dev] of [
    ["default", false],
    ["develop", true],
  ] as const) {
    for (const [name, info] of Object.entries(parsed.data[section] ?? {})) {
      // Git, path and editable entries carry no version; they are not PyPI releases.
      const version = info.version?.replace(/^===?/, "").trim();
      if (!version) continue;
      const key = `${name}@${version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({ name, version, dev });
    }
  }
  return { entries, problems };
}
