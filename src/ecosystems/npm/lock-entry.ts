/** One package a lockfile records, before it becomes a claro package. */
export interface LockEntry {
  readonly name: string;
  readonly version: string;
  /** Only reached through development dependencies, as far as the lockfile tells. */
  readonly dev: boolean;
}

/** Lockfile parsers return entries plus one-line reasons for anything they could not read. */
export interface LockParse {
  readonly entries: readonly LockEntry[];
  readonly errors: readonly string[];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Collapses duplicates of one name@version within a lockfile, the way Trivy reports them: one
 * package, dev only when every occurrence is dev (a prod path to it makes it shipped code). Output
 * keeps first-seen order.
 */
export function mergeEntries(entries: readonly LockEntry[]): LockEntry[] {
  const out = new Map<string, LockEntry>();
  for (const e of entries) {
    const key = `${e.name}@${e.version}`;
    const prev = out.get(key);
    if (prev === undefined) out.set(key, e);
    else if (prev.dev && !e.dev) out.set(key, { ...prev, dev: false });
  }
  return [...out.values()];
}
