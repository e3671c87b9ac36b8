import { z } from "zod";

/**
 * SwiftPM's `Package.resolved`, versions 1 (`object.pins[]` with `package`, `repositoryURL`)
 * and 2–3 (`pins[]` with `identity`, `kind`, `location`; v3 adds `originHash`). Each pin's
 * `state` has a `version` for a version pin, else a `branch` and `revision`. A package is named
 * by its repository URL without scheme and `.git` (`github.com/apple/swift-nio`), the name
 * OSV's `SwiftURL` ecosystem uses; a branch or revision pin reports the revision as its version.
 * Local packages (`localSourceControl`, `fileSystem`) are not published and are skipped.
 */
export interface ResolvedPin {
  readonly name: string;
  readonly version: string;
  /** Set for a branch pin, whose version is then a commit. */
  readonly branch: string | null;
}

const stateSchema = z.object({ version: z.string().nullish(), revision: z.string().nullish(), branch: z.string().nullish() }).passthrough();
const v1Schema = z.object({
  version: z.literal(1),
  object: z.object({ pins: z.array(z.object({ repositoryURL: z.string(), state: stateSchema }).passthrough()) }),
});
const v2Schema = z.object({
  version: z.number().int().min(2),
  pins: z.array(z.object({ location: z.string(), kind: z.string().optional(), state: stateSchema }).passthrough()),
});

/** `https://github.com/apple/swift-nio.git` → `github.com/apple/swift-nio`; `git@github.com:a/b.git` → `github.com/a/b`. */
export function swiftUrlName(url: string): string {
  let s = url
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .replace(/^[^@/]+@/, "");
  // scp-like `host:owner/repo` (no scheme, a colon before the first slash).
  s = s.replace(/^([^/:]+):(?!\d)/, "$1/");
  return s.replace(/\/+$/, "").replace(/\.git$/, "");
}

export function parsePackageResolved(text: string): ResolvedPin[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  const pin = (url: string, state: z.infer<typeof stateSchema>): ResolvedPin | undefined => {
    const version = state.version ?? state.revision ?? null;
    if (version === null || version === "") return undefined;
    return { name: swiftUrlName(url), version, branch: state.version ? null : (state.branch ?? null) };
  };
  const v1 = v1Schema.safeParse(doc);
  if (v1.success) return v1.data.object.pins.flatMap((p) => pin(p.repositoryURL, p.state) ?? []);
  const v2 = v2Schema.safeParse(doc);
  if (v2.success) return v2.data.pins.filter((p) => p.kind !== "localSourceControl" && p.kind !== "fileSystem").flatMap((p) => pin(p.location, p.state) ?? []);
  return "not a Package.resolved document (version 1 `object.pins` or version 2+ `pins`)";
}
