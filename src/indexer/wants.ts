/**
 * Compiles scanner `wants` globs (`*` within one path segment, `**` segments spanning any depth) into one predicate, so the
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
    const segments = w.split("/");
    // Same semantics as image/paths.ts: a whole `**` segment spans zero or more segments.
    const body = segments
      .map((seg, i) => {
        const last = i === segments.length - 1;
        if (seg === "**") return last ? ".*" : "(?:[^/]+/)*";
        const escaped = seg
          .split("*")
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^/]*");
        return escaped + (last ? "" : "/");
      })
      .join("");
    patterns.push(new RegExp(`^${body}$`));
  }
  return (path) => exact.has(path) || patterns.some((re) => re.test(path));
}
