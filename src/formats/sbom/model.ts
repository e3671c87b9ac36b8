/** What claro reads from any SBOM format before turning it into an index report. */
export interface SbomComponent {
  readonly name: string;
  readonly version: string | null;
  readonly purl: string | null;
  /** CycloneDX properties / claro's SPDX `key=value` annotations (first value of a name wins). */
  readonly properties: ReadonlyMap<string, string>;
  readonly licenses: readonly string[];
}

export interface SbomDocument {
  readonly format: "cyclonedx" | "spdx";
  /** The image (or other subject) the document describes. */
  readonly subject: { readonly name: string | null; readonly version: string | null; readonly properties: ReadonlyMap<string, string> } | null;
  readonly os: {
    readonly name: string;
    readonly version: string | null;
    readonly description: string | null;
    readonly properties: ReadonlyMap<string, string>;
  } | null;
  readonly components: readonly SbomComponent[];
}

/** Builds a property map where the first occurrence of a name wins. */
export function propertyMap(pairs: Iterable<readonly [string, string]>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of pairs) if (!m.has(k)) m.set(k, v);
  return m;
}
