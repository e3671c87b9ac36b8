/** `pkg:type/ns/name@version?q#sub` → `type/ns/name` and version, decoded; qualifiers dropped. */
function split(purl: string): { base: string; version: string | null } | null {
  if (!purl.startsWith("pkg:")) return null;
  const core = purl.slice(4).split("#")[0]!.split("?")[0]!;
  const at = core.lastIndexOf("@");
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const base = (at < 0 ? core : core.slice(0, at)).split("/").map(dec).join("/").toLowerCase();
  return { base, version: at < 0 ? null : dec(core.slice(at + 1)) };
}

/**
 * Whether a VEX or ignore-file purl names this package: the same type, namespace and name, and
 * the same version unless the pattern gives none. Qualifiers (arch, distro) are not compared,
 * since VEX authors rarely know claro's.
 */
export function purlMatches(pattern: string, purl: string): boolean {
  const p = split(pattern);
  const q = split(purl);
  if (p === null || q === null) return pattern === purl;
  return p.base === q.base && (p.version === null || p.version === q.version);
}
