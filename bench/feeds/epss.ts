// EPSS's epss_scores-current.csv.gz at today's size (280,000 rows), shaped like the fixture
// fixtures/vulndata/epss/data.csv: the #model_version comment, the header, five-decimal scores.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { gzipSync } from "node:zlib";
import { cveId, seededRng } from "./rng.js";

export function writeEpssFeed(path: string, options: { seed?: number; rows?: number } = {}): { bytes: number; records: number } {
  const rng = seededRng(options.seed ?? 2);
  const rows = options.rows ?? 280_000;
  const lines = ["#model_version:v2025.03.14,score_date:2026-12-01T12:55:00Z", "cve,epss,percentile"];
  for (let i = 0; i < rows; i++) {
    // Most CVEs score near zero; a long tail is high, as in the real distribution.
    const score = rng.chance(0.9) ? rng.next() * 0.01 : rng.next();
    lines.push(`${cveId(i)},${score.toFixed(5)},${rng.next().toFixed(5)}`);
  }
  const body = gzipSync(Buffer.from(`${lines.join("\n")}\n`, "utf8"));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
  return { bytes: body.length, records: rows };
}
