import { parse } from "yaml";
import { z } from "zod";

/**
 * Dart/Flutter's `pubspec.lock` (YAML, written by `dart pub get`): `packages:` maps each
 * package to its `dependency` (`direct main`, `direct dev`, `direct overridden`, `transitive`),
 * `source` (`hosted`, `git`, `path`, `sdk`) and `version`. Every source is listed, since a git or
 * path package keeps its pub name and version; `sdk` packages (flutter, flutter_test) are parts
 * of the SDK, versioned `0.0.0`, and are left out.
 */
export interface PubspecLockEntry {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  /** Only `direct dev` is dev: a transitive package may also be reached from main dependencies. */
  readonly dev: boolean;
  readonly direct: boolean;
}

const lockSchema = z.object({
  packages: z
    .record(
      z.string(),
      z.object({ dependency: z.string().optional(), source: z.string().optional(), version: z.union([z.string(), z.number()]) }).passthrough(),
    )
    .nullish(),
});

export function parsePubspecLock(text: string): PubspecLockEntry[] | string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return `not YAML: ${e instanceof Error ? e.message : String(e)}`;
  }
  const parsed = lockSchema.safeParse(doc);
  if (!parsed.success) return "not a pubspec.lock document (no `packages` map with versions)";
  const out: PubspecLockEntry[] = [];
  for (const [name, p] of Object.entries(parsed.data.packages ?? {})) {
    const source = p.source ?? "hosted";
    if (source === "sdk") continue;
    const dependency = p.dependency ?? "transitive";
    out.push({ name, version: String(p.version), source, dev: dependency === "direct dev", direct: dependency.startsWith("direct") });
  }
  return out;
}
