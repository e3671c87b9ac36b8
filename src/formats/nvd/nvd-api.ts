import { z } from "zod";
import type { Enrichment } from "../../contracts/enrichment.js";
import type { EnrichmentParseOutput } from "../../contracts/enrichment.js";
import type { CvssScore } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { computeBaseScore } from "./cvss-score.js";

export const NVD_UPDATER_ID = "nvd";

// Only the fields claro uses are checked; NVD adds fields over time and they must not break parsing.
const metric = z.looseObject({
  source: z.string(),
  type: z.string().optional(),
  cvssData: z.looseObject({ version: z.string(), vectorString: z.string(), baseScore: z.number().optional() }),
});
const cve = z.looseObject({
  id: z.string().regex(/^CVE-\d{4}-\d+$/),
  published: z.string().optional(),
  lastModified: z.string().optional(),
  // z.object strips the other metric kinds (e.g. cvssMetricV20 future variants) without rejecting them.
  metrics: z
    .object({
      cvssMetricV2: z.array(metric).optional(),
      cvssMetricV30: z.array(metric).optional(),
      cvssMetricV31: z.array(metric).optional(),
      cvssMetricV40: z.array(metric).optional(),
    })
    .optional(),
});
// Built once: zod compiles a schema on its first parse, so one built per item cost ~6 s of CPU on 250,000 CVEs.
const vulnerability = z.looseObject({ cve });
const page = z.looseObject({ format: z.string().optional(), totalResults: z.number().optional(), vulnerabilities: z.array(z.unknown()) });
export type NvdPage = z.infer<typeof page>;

const VERSIONS: readonly (readonly [keyof NonNullable<z.infer<typeof cve>["metrics"]>, CvssScore["version"]])[] = [
  ["cvssMetricV2", "2.0"],
  ["cvssMetricV30", "3.0"],
  ["cvssMetricV31", "3.1"],
  ["cvssMetricV40", "4.0"],
];

function bad(detail: string): Problem {
  return { kind: "bad-feed-record", updater: NVD_UPDATER_ID, detail };
}

/** Reads one API response page; throws FEED_INVALID when it is not one. */
export function readNvdPage(text: string, what: string): NvdPage {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FatalError("FEED_INVALID", `nvd: ${what} is not JSON (${e instanceof Error ? e.message : String(e)})`, "is the file truncated? fetch it again");
  }
  const parsed = page.safeParse(data);
  if (!parsed.success) throw new FatalError("FEED_INVALID", `nvd: ${what} is not an NVD CVE API 2.0 response (no vulnerabilities array)`);
  return parsed.data;
}

/**
 * The CVSS metrics of one CVE item. A metric without `baseScore` gets one computed from its
 * vector; a vector the calculator cannot read keeps a null score rather than dropping the vector.
 */
export function cvssOfItem(item: z.infer<typeof cve>): CvssScore[] {
  const out: CvssScore[] = [];
  for (const [key, version] of VERSIONS) {
    for (const m of item.metrics?.[key] ?? []) {
      const vector = m.cvssData.vectorString;
      out.push({ version, vector, score: m.cvssData.baseScore ?? computeBaseScore(version, vector), source: m.source });
    }
  }
  return out;
}

/** Enrichment records from the pages of the NVD CVE API 2.0 (one page, or many from a mirror). */
export function parseNvdPages(pages: readonly NvdPage[]): EnrichmentParseOutput {
  const problems: Problem[] = [];
  function* records(): Generator<Enrichment> {
    for (const p of pages) {
      for (const v of p.vulnerabilities) {
        const item = vulnerability.safeParse(v);
        if (!item.success) {
          problems.push(bad(`skipped a CVE item: ${z.prettifyError(item.error).split("\n").join("; ")}`));
          continue;
        }
        const c = item.data.cve;
        yield {
          kind: "nvd",
          cve: c.id,
          updater: NVD_UPDATER_ID,
          data: { cvss: cvssOfItem(c), published: c.published ?? null, lastModified: c.lastModified ?? null },
        };
      }
    }
  }
  return { records: records(), problems };
}
