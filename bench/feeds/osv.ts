// OSV.dev's per-ecosystem all.zip exports, 200,000 records in all, split roughly as OSV.dev
// splits them today (npm the largest). Each record is a real Go record of fixtures/vulndata/osv/go
// re-labelled for its ecosystem: new id, package, version ranges and aliases.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "../../test/support/shared.js";
import { cveId, packageName, prose, seededRng, version, type Rng } from "./rng.js";
import { ZipOut } from "./zip-out.js";

/** OSV ecosystem (bucket folder), its share of the records, and claro's updater name. */
export const OSV_ECOSYSTEMS: readonly { readonly osv: string; readonly share: number; readonly updater: string }[] = [
  { osv: "npm", share: 0.5, updater: "npm" },
  { osv: "PyPI", share: 0.17, updater: "pypi" },
  { osv: "Maven", share: 0.1, updater: "maven" },
  { osv: "Go", share: 0.07, updater: "golang" },
  { osv: "Packagist", share: 0.05, updater: "composer" },
  { osv: "crates.io", share: 0.04, updater: "cargo" },
  { osv: "RubyGems", share: 0.04, updater: "gem" },
  { osv: "NuGet", share: 0.03, updater: "nuget" },
];

const PREFIX: Record<string, string> = {
  npm: "GHSA",
  PyPI: "PYSEC",
  Maven: "GHSA",
  Go: "GO",
  Packagist: "GHSA",
  "crates.io": "RUSTSEC",
  RubyGems: "GHSA",
  NuGet: "GHSA",
};

function templates(): Record<string, unknown>[] {
  const dir = sharedPath("fixtures", "vulndata", "osv", "go");
  return readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), "utf8")) as Record<string, unknown>);
}

function record(rng: Rng, template: Record<string, unknown>, ecosystem: string, i: number): Record<string, unknown> {
  const id = `${PREFIX[ecosystem]}-${2018 + (i % 8)}-${String(i).padStart(6, "0")}`;
  const name = ecosystem === "Maven" ? `org.${packageName(rng, i % 5000)}:${packageName(rng, i)}` : packageName(rng, Math.floor(i / 2));
  const fixed = version(rng);
  return {
    ...template,
    id,
    modified: "2026-11-30T10:00:00Z",
    aliases: [cveId(i + 7)],
    summary: prose(rng, rng.int(5, 12)),
    details: prose(rng, rng.int(30, 120)),
    affected: [
      {
        package: { ecosystem, name },
        ranges: [
          { type: ecosystem === "Go" || ecosystem === "npm" || ecosystem === "crates.io" ? "SEMVER" : "ECOSYSTEM", events: [{ introduced: "0" }, { fixed }] },
        ],
        ...(rng.chance(0.3) ? { versions: [version(rng), version(rng)] } : {}),
      },
    ],
  };
}

/** Writes `<dir>/<ecosystem>/all.zip` for every ecosystem; answers the records per updater. */
export function writeOsvFeeds(
  dir: string,
  options: { seed?: number; records?: number } = {},
): { bytes: number; records: number; files: { updater: string; path: string; records: number }[] } {
  const rng = seededRng(options.seed ?? 4);
  const total = options.records ?? 200_000;
  const pool = templates();
  const files: { updater: string; path: string; records: number }[] = [];
  let bytes = 0;
  let offset = 0;
  for (const e of OSV_ECOSYSTEMS) {
    const count = Math.round(total * e.share);
    const path = join(dir, e.osv, "all.zip");
    const zip = new ZipOut(path);
    for (let i = 0; i < count; i++) {
      const r = record(rng, rng.pick(pool), e.osv, offset + i);
      zip.add(`${String(r["id"])}.json`, JSON.stringify(r, null, 2));
    }
    offset += count;
    bytes += zip.close();
    files.push({ updater: e.updater, path, records: count });
  }
  return { bytes, records: offset, files };
}
