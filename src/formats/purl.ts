/** The parts of a package URL (https://github.com/package-url/purl-spec). */
export interface PurlParts {
  readonly type: string;
  /** Slash-separated namespace, e.g. `debian`; each segment is encoded separately. */
  readonly namespace?: string | null;
  readonly name: string;
  readonly version?: string | null;
  /** Null, undefined and empty values are dropped, as the spec says. */
  readonly qualifiers?: Readonly<Record<string, string | null | undefined>>;
  readonly subpath?: string | null;
}

/**
 * Percent-encodes everything outside the spec's unreserved set (`A-Z a-z 0-9 . - _ ~`), so a
 * Debian `1:2.3+dfsg` becomes `1%3A2.3%2Bdfsg` as Syft and packageurl-go write it.
 */
export function purlEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Builds the canonical string form: lowercase type, sorted qualifier keys, encoded components. */
export function formatPurl(p: PurlParts): string {
  const type = p.type.toLowerCase();
  let out = `pkg:${type}/`;
  const ns = (p.namespace ?? "").split("/").filter((s) => s !== "");
  if (ns.length > 0) out += `${ns.map(purlEncode).join("/")}/`;
  out += purlEncode(p.name);
  if (p.version) out += `@${purlEncode(p.version)}`;
  const qualifiers = Object.entries(p.qualifiers ?? {})
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (qualifiers.length > 0) out += `?${qualifiers.map(([k, v]) => `${k}=${purlEncode(v)}`).join("&")}`;
  const sub = (p.subpath ?? "").split("/").filter((s) => s !== "" && s !== "." && s !== "..");
  if (sub.length > 0) out += `#${sub.map(purlEncode).join("/")}`;
  return out;
}
