import { join } from "node:path";
import { z } from "zod";
import type { Enrichment, EnrichmentParseOutput, EnrichmentUpdaterFactory } from "../../contracts/enrichment.js";
import type { FeedSource } from "../../contracts/updater.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { kevFetchParsed } from "./kev-stream.js";

export const KEV_UPDATER_ID = "kev";
export const KEV_URL = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const entry = z.looseObject({
  cveID: z.string().regex(/^CVE-\d{4}-\d+$/),
  dateAdded: date,
  dueDate: date.optional(),
  knownRansomwareCampaignUse: z.string().optional(),
  vulnerabilityName: z.string().optional(),
});
const catalogue = z.looseObject({ vulnerabilities: z.array(z.unknown()) });

/** The CISA Known Exploited Vulnerabilities catalogue (JSON). */
export function parseKevJson(body: Buffer): EnrichmentParseOutput {
  let data: unknown;
  try {
    data = JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new FatalError(
      "FEED_INVALID",
      `kev: the catalogue is not JSON (${e instanceof Error ? e.message : String(e)})`,
      "is the file truncated? fetch it again",
    );
  }
  const parsed = catalogue.safeParse(data);
  if (!parsed.success) throw new FatalError("FEED_INVALID", "kev: not a CISA KEV catalogue (no vulnerabilities array)");
  const problems: Problem[] = [];
  const items = parsed.data.vulnerabilities;
  function* records(): Generator<Enrichment> {
    for (const [i, v] of items.entries()) {
      const r = kevRecord(v, i, problems);
      if (r !== null) yield r;
    }
  }
  return { records: records(), problems };
}

/** One catalogue entry (0-based `i`) as a record, or null with a problem when it breaks the schema. */
export function kevRecord(v: unknown, i: number, problems: Problem[]): Enrichment | null {
  const e = entry.safeParse(v);
  if (!e.success) {
    problems.push({ kind: "bad-feed-record", updater: KEV_UPDATER_ID, detail: `entry ${i + 1}: ${z.prettifyError(e.error).split("\n").join("; ")}` });
    return null;
  }
  const r = e.data;
  return {
    kind: "kev",
    cve: r.cveID,
    updater: KEV_UPDATER_ID,
    data: {
      dateAdded: r.dateAdded,
      dueDate: r.dueDate ?? null,
      ransomware: r.knownRansomwareCampaignUse ?? "Unknown",
      vulnerabilityName: r.vulnerabilityName ?? null,
    },
  };
}

function location(source: FeedSource): string {
  switch (source.kind) {
    case "upstream":
      return KEV_URL;
    case "url":
      return source.url;
    case "file":
      return source.path;
    case "dir":
      return join(source.path, "known_exploited_vulnerabilities.json");
  }
}

export const kevEnrichers: EnrichmentUpdaterFactory = async (source) => {
  const where = location(source);
  return [
    {
      id: KEV_UPDATER_ID,
      fetch: (previous, client) => client.get(where, previous),
      parse: parseKevJson,
      fetchParsed: (previous, client) => kevFetchParsed(where, previous, client),
    },
  ];
};
