/**
 * Compiles scanner `wants` globs (`*` within one path segment) into one predicate, so the
 * indexer can tell which layers touched a scanner's files without re-reading them.
 */
export function compileWants(wants: readonly string[]): (path: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const w of wants) {
    if (!w.includes("*")) {
      exact.add(w);
      continue;
    }
    const body = w
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]*");
    patterns.push(new RegExp(`^${body}$`));
  }
  return (path) => exact.has(path) || patterns.some((re) => re.test(path));
}
