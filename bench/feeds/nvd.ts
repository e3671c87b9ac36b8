// NVD API 2.0 at today's size: 250,000 CVEs as pages of 2,000 (`resultsPerPage`, the API's
// largest), one file per page as a mirror directory holds them. Each CVE is a real record of
// fixtures/vulndata/nvd/api2/full-page.json with a new id and varied metrics.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "../../test/support/shared.js";
import { OutFile } from "./out-file.js";
import { cveId, prose, seededRng } from "./rng.js";

interface NvdItem {
  cve: { id: string; descriptions: { lang: string; value: string }[]; metrics?: Record<string, { cvssData: { baseScore: number } }[]> };
}

const PAGE = 2000;

export function writeNvdFeed(dir: string, options: { seed?: number; cves?: number } = {}): { bytes: number; records: number; pages: number } {
  const rng = seededRng(options.seed ?? 3);
  const cves = options.cves ?? 250_000;
  const templates = (JSON.parse(readFileSync(sharedPath("fixtures", "vulndata", "nvd", "api2", "full-page.json"), "utf8")) as { vulnerabilities: NvdItem[] })
    .vulnerabilities;
  let bytes = 0;
  let pages = 0;
  for (let start = 0; start < cves; start += PAGE, pages++) {
    const out = new OutFile(join(dir, `page-${String(pages).padStart(4, "0")}.json`));
    const count = Math.min(PAGE, cves - start);
    out.write(
      `{"resultsPerPage": ${count}, "startIndex": ${start}, "totalResults": ${cves}, "format": "NVD_CVE", "version": "2.0", "timestamp": "2026-12-01T00:00:00.000", "vulnerabilities": [`,
    );
    for (let i = 0; i < count; i++) {
      const item = structuredClone(rng.pick(templates));
      item.cve.id = cveId(start + i);
      item.cve.descriptions = [{ lang: "en", value: prose(rng, rng.int(20, 60)) }, ...item.cve.descriptions.slice(1)];
      for (const list of Object.values(item.cve.metrics ?? {})) for (const m of list) m.cvssData.baseScore = Math.round(rng.next() * 100) / 10;
      out.write(`${i === 0 ? "" : ", "}${JSON.stringify(item)}`);
    }
    out.write("]}");
    out.close();
    bytes += out.bytes;
  }
  return { bytes, records: cves, pages };
}
