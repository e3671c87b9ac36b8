// Canonical's Ubuntu OSV records at today's size (60,000: CVE records and USNs), as OSV.dev's
// Ubuntu/all.zip. Each record is a real one of fixtures/vulndata/ubuntu/osv (cve/ and usn/)
// with a new id, package and versions; the Ubuntu:<release> ecosystems are kept as they are.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "../../test/support/shared.js";
import { cveId, packageName, seededRng, version, type Rng } from "./rng.js";
import { ZipOut } from "./zip-out.js";

interface Affected {
  package: { ecosystem: string; name: string; purl?: string };
  ranges?: { type: string; events: Record<string, string>[] }[];
  versions?: string[];
}

/** Every record under fixtures/vulndata/ubuntu/osv (cve/<year>/… and usn/), in path order. */
function templates(dir = sharedPath("fixtures", "vulndata", "ubuntu", "osv")): Record<string, unknown>[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return templates(p);
      return n.endsWith(".json") ? [JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>] : [];
    });
}

function record(rng: Rng, template: Record<string, unknown>, i: number): Record<string, unknown> {
  const usn = String(template["id"]).startsWith("USN");
  const id = usn ? `USN-${1000 + Math.floor(i / 3)}-${(i % 3) + 1}` : `UBUNTU-${cveId(i)}`;
  const name = packageName(rng, Math.floor(i / 4));
  const affected = ((template["affected"] ?? []) as Affected[]).map((a) => {
    const fixed = version(rng, true);
    return {
      ...a,
      package: { ...a.package, name, ...(a.package.purl ? { purl: a.package.purl.replace(/\/[^/@]+@[^?]+/, `/${name}@${fixed}`) } : {}) },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, ...(rng.chance(0.85) ? [{ fixed }] : [])] }],
      versions: [version(rng, true), version(rng, true)],
    };
  });
  return { ...template, id, aliases: usn ? [] : [cveId(i)], modified: "2026-11-30T10:00:00Z", affected };
}

export function writeUbuntuFeed(path: string, options: { seed?: number; records?: number } = {}): { bytes: number; records: number } {
  const rng = seededRng(options.seed ?? 5);
  const count = options.records ?? 60_000;
  const pool = templates();
  const zip = new ZipOut(path);
  for (let i = 0; i < count; i++) {
    const r = record(rng, rng.pick(pool), i);
    zip.add(`${String(r["id"])}.json`, JSON.stringify(r, null, 2));
  }
  return { bytes: zip.close(), records: count };
}
