/**
 * A modularity label as rpm stores it in MODULARITYLABEL: `name:stream:version:context`
 * (e.g. `nodejs:18:8090020230810135226:a75119d5`). Advisories for modular packages are scoped by
 * `name:stream` only: version and context change with every rebuild of the stream.
 */
export interface ModularityLabel {
  readonly name: string;
  readonly stream: string;
  readonly version: string | null;
  readonly context: string | null;
  /** `name:stream`, the key a matcher scopes advisories by. */
  readonly nameStream: string;
}

/** Null for an empty or malformed label (fewer than name and stream). */
export function parseModularityLabel(label: string | null | undefined): ModularityLabel | null {
  if (label === null || label === undefined) return null;
  const parts = label.trim().split(":");
  const [name, stream, version, context] = parts;
  if (parts.length < 2 || parts.length > 4 || !name || !stream) return null;
  return { name, stream, version: version || null, context: context || null, nameStream: `${name}:${stream}` };
}

/** `name:stream` of a package's label, or null for a non-modular package. */
export function moduleStream(label: string | null | undefined): string | null {
  return parseModularityLabel(label)?.nameStream ?? null;
}
