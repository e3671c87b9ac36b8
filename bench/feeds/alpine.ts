// Alpine's secdb (secdb.alpinelinux.org) for every release, as a mirror directory holds it:
// `v3.2/` … `v3.22/` and `edge/`, each with main.json and community.json shaped like
// fixtures/vulndata/alpine/secdb-json/v3.10/community.json. Newer releases carry more fixes,
// as upstream's do (~1,000 packages in main and ~2,000 in community by v3.22).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "../../test/support/shared.js";
import { OutFile } from "./out-file.js";
import { cveId, packageName, seededRng, type Rng } from "./rng.js";

export const ALPINE_RELEASES: readonly string[] = [...Array.from({ length: 21 }, (_, i) => `v3.${i + 2}`), "edge"];

function secfixes(rng: Rng, cve: () => string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let f = rng.int(1, 5); f > 0; f--)
    out[`${rng.int(0, 9)}.${rng.int(0, 30)}.${rng.int(0, 15)}-r${rng.int(0, 5)}`] = Array.from({ length: rng.int(1, 2) }, cve);
  return out;
}

/** Writes `<dir>/<release>/{main,community}.json` for every release; answers the (package, fix, CVE) rows. */
export function writeAlpineFeed(dir: string, options: { seed?: number } = {}): { bytes: number; records: number } {
  const rng = seededRng(options.seed ?? 6);
  const header = JSON.parse(readFileSync(sharedPath("fixtures", "vulndata", "alpine", "secdb-json", "v3.10", "community.json"), "utf8")) as Record<
    string,
    unknown
  >;
  let bytes = 0;
  let records = 0;
  let n = 0;
  const cve = (): string => cveId(n++);
  ALPINE_RELEASES.forEach((release, r) => {
    for (const [repo, full] of [
      ["main", 1000],
      ["community", 2000],
    ] as const) {
      const count = Math.round((full * (r + 4)) / (ALPINE_RELEASES.length + 3));
      const packages = Array.from({ length: count }, (_, i) => ({
        pkg: { name: packageName(rng, i + (repo === "main" ? 0 : 100_000)), secfixes: secfixes(rng, cve) },
      }));
      records += packages.reduce((sum, p) => sum + Object.values(p.pkg.secfixes).flat().length, 0);
      const out = new OutFile(join(dir, release, `${repo}.json`));
      out.write(JSON.stringify({ ...header, distroversion: release, reponame: repo, packages }, null, 2));
      out.close();
      bytes += out.bytes;
    }
  });
  return { bytes, records };
}
