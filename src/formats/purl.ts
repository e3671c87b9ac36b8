import { PackageURL } from "packageurl-js";

/** The parts of a package URL (https://github.com/package-url/purl-spec). */
export interface PurlParts {
  readonly type: string;
  /** Slash-separated namespace, e.g. `debian` or `github.com/aquasecurity`; each segment is encoded separately. */
  readonly namespace?: string | null;
  readonly name: string;
  readonly version?: string | null;
  /** Null, undefined and empty values are dropped, as the spec says. */
  readonly qualifiers?: Readonly<Record<string, string | null | undefined>>;
  readonly subpath?: string | null;
}

/**
 * Percent-encodes everything outside the spec's unreserved set (`A-Z a-z 0-9 . - _ ~`) except
 * the colon, which the spec says is never encoded. So a Debian `1:2.3+dfsg` becomes
 * `1:2.3%2Bdfsg`, the canonical form in the purl-spec test suite (deb-test.json).
 */
export function purlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/g, ":");
}

function segments(s: string | null | undefined): string[] {
  return (s ?? "").split("/").filter((x) => x !== "");
}

/** The spec's canonical string of parts that packageurl-js has already normalised. */
function canonicalString(p: Pick<PackageURL, "type" | "namespace" | "name" | "version" | "qualifiers" | "subpath">): string {
  let out = `pkg:${p.type}/`;
  const ns = segments(p.namespace);
  if (ns.length > 0) out += `${ns.map(purlEncode).join("/")}/`;
  out += purlEncode(p.name);
  if (p.version) out += `@${purlEncode(p.version)}`;
  const qualifiers = Object.entries(p.qualifiers ?? {})
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (qualifiers.length > 0) out += `?${qualifiers.map(([k, v]) => `${k}=${purlEncode(v)}`).join("&")}`;
  const sub = segments(p.subpath).filter((s) => s !== "." && s !== "..");
  if (sub.length > 0) out += `#${sub.map(purlEncode).join("/")}`;
  return out;
}

/**
 * Builds the canonical string form. packageurl-js normalises and validates the parts per type
 * (lowercase type and keys, pypi name rules, required namespaces); the encoding is the spec's,
 * which differs from packageurl-js 2.0.1 in leaving `:` bare and encoding `+`.
 * Throws when the parts do not make a valid purl (e.g. a maven purl without a group).
 */
export function formatPurl(p: PurlParts): string {
  const qualifiers: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.qualifiers ?? {})) {
    if (typeof v === "string" && v !== "") qualifiers[k.toLowerCase()] = v;
  }
  const purl = new PackageURL(
    p.type,
    p.namespace === "" ? null : p.namespace,
    p.name,
    p.version === "" ? null : p.version,
    Object.keys(qualifiers).length > 0 ? qualifiers : null,
    p.subpath === "" ? null : p.subpath,
  );
  return canonicalString(purl);
}

/**
 * formatPurl for data read from an image, which must not stop a scan: parts that packageurl-js
 * rejects (or crashes on, as 2.0.1 does for a golang `v` version that is not semver) are still
 * written in the spec's encoding, lowercased type and keys, without the type's checks.
 */
export function formatPurlLenient(p: PurlParts): string {
  try {
    return formatPurl(p);
  } catch {
    const qualifiers: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.qualifiers ?? {})) if (typeof v === "string" && v !== "") qualifiers[k.toLowerCase()] = v;
    return canonicalString({
      type: p.type.toLowerCase(),
      namespace: p.namespace ?? undefined,
      name: p.name,
      version: p.version ?? undefined,
      qualifiers,
      subpath: p.subpath ?? undefined,
    });
  }
}

/** Parses a purl string into decoded, normalised parts. Throws on a string that is not a valid purl. */
export function parsePurl(s: string): PurlParts {
  const p = PackageURL.fromString(s);
  return {
    type: p.type,
    namespace: p.namespace ?? null,
    name: p.name,
    version: p.version ?? null,
    qualifiers: p.qualifiers ? { ...p.qualifiers } : {},
    subpath: p.subpath ?? null,
  };
}

/** The canonical form of any purl string, or throws on an invalid one. */
export function canonicalPurl(s: string): string {
  return canonicalString(PackageURL.fromString(s));
}
