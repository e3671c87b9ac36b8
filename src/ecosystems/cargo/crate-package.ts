import type { ScannedPackage } from "../../core/package.js";
import { formatPurl } from "../../formats/purl.js";

export function cargoPurl(name: string, version: string): string {
  return formatPurl({ type: "cargo", name, version });
}

export function cratePackage(name: string, version: string, foundIn: string, dev = false): ScannedPackage {
  return { name, version, type: "cargo", arch: null, source: null, purl: cargoPurl(name, version), foundIn, ...(dev ? { dev: true } : {}) };
}

/** Same crate twice in one file (Cargo never writes that) collapses to one entry. */
export function pushUnique(out: ScannedPackage[], seen: Set<string>, p: ScannedPackage): void {
  const key = `${p.foundIn}\0${p.name}@${p.version}`;
  if (seen.has(key)) return;
  seen.add(key);
  out.push(p);
}
