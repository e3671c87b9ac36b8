import { compileWants as compileMatcher } from "../image/paths.js";

/**
 * Scanner `wants` globs (`*` within one path segment, `**` segments spanning any depth) as one
 * predicate, so the indexer can tell which layers touched a scanner's files without re-reading
 * them. The layer walk's matcher: one regex guarded by the file name, the same semantics.
 */
export function compileWants(wants: readonly string[]): (path: string) => boolean {
  const matcher = compileMatcher(wants);
  return (path) => matcher.matches(path);
}
