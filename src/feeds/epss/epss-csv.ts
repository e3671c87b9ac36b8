import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import type { Enrichment, EnrichmentParseOutput, EnrichmentUpdaterFactory } from "../../contracts/enrichment.js";
import type { FeedSource } from "../../contracts/updater.js";
import { FatalError, type Problem } from "../../core/problem.js";

export const EPSS_UPDATER_ID = "epss";
export const EPSS_URL = "https://epss.cyentia.com/epss_scores-current.csv.gz";

/** `#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000` → its two fields. */
function readHeaderComment(line: string): { modelVersion: string | null; scoreDate: string | null } {
  const fields = new Map<string, string>();
  for (const part of line.replace(/^#/, "").split(",")) {
    const i = part.indexOf(":");
    if (i > 0) fields.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return { modelVersion: fields.get("model_version") ?? null, scoreDate: fields.get("score_date") ?? null };
}

function probability(s: string | undefined): number | null {
  if (s === undefined || !/^\d+(\.\d+)?(e-?\d+)?$/i.test(s.trim())) return null;
  const n = Number(s);
  return n >= 0 && n <= 1 ? n : null;
}

/** The FIRST EPSS CSV (`cve,epss,percentile`, after a `#model_version…` comment), gzipped or not. */
export function parseEpssCsv(body: Buffer): EnrichmentParseOutput {
  const text = decode(body);
  const lines = text.split(/\r?\n/);
  let meta: { modelVersion: string | null; scoreDate: string | null } = { modelVersion: null, scoreDate: null };
  let at = 0;
  while (at < lines.length && lines[at]!.startsWith("#")) meta = readHeaderComment(lines[at++]!);
  const header = (lines[at++] ?? "").split(",").map((h) => h.trim());
  const [ci, ei, pi] = ["cve", "epss", "percentile"].map((h) => header.indexOf(h));
  if (ci === undefined || ei === undefined || pi === undefined || ci < 0 || ei < 0 || pi < 0) {
    throw new FatalError("FEED_INVALID", `epss: the CSV has no cve,epss,percentile header (got '${header.join(",")}')`);
  }
  checkLastLine(lines, at, header.length);
  const problems: Problem[] = [];
  const start = at;
  function* records(): Generator<Enrichment> {
    for (let i = start; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === "") continue;
      const cols = line.split(",");
      const cve = cols[ci!]?.trim() ?? "";
      const score = probability(cols[ei!]);
      const percentile = probability(cols[pi!]);
      if (!/^CVE-\d{4}-\d+$/.test(cve) || score === null || percentile === null) {
        problems.push({ kind: "bad-feed-record", updater: EPSS_UPDATER_ID, detail: `line ${i + 1}: not a CVE with two probabilities: '${line.slice(0, 80)}'` });
        continue;
      }
      yield { kind: "epss", cve, updater: EPSS_UPDATER_ID, data: { score, percentile, ...meta } };
    }
  }
  return { records: records(), problems };
}

/** The upstream file is gzipped; mirrors may keep it either way. A cut gzip stream is FEED_INVALID. */
function decode(body: Buffer): string {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return body.toString("utf8");
  try {
    return gunzipSync(body).toString("utf8");
  } catch (e) {
    throw new FatalError(
      "FEED_INVALID",
      `epss: the gzip stream is unreadable (truncated or corrupt): ${e instanceof Error ? e.message : String(e)}`,
      "fetch the feed again",
      { cause: e },
    );
  }
}

const decimals = (field: string | undefined): number => /\.(\d+)$/.exec(field?.trim() ?? "")?.[1]?.length ?? 0;

/**
 * A CSV cut mid-line still parses, its last row holding a shortened number (0.0977 for 0.09778):
 * a wrong score, not a missing one. EPSS writes every score with the same number of decimals,
 * so a last line without a line break must match the row before it; one that does not was cut.
 */
function checkLastLine(lines: readonly string[], firstRow: number, columns: number): void {
  const last = lines.length - 1;
  if (last < firstRow || lines[last] === "") return;
  const cols = lines[last]!.split(",");
  const prev = last > firstRow ? lines[last - 1]!.split(",") : null;
  if (cols.length !== columns || (prev !== null && cols.some((c, i) => decimals(c) !== decimals(prev[i])))) {
    throw new FatalError("FEED_INVALID", `epss: the CSV ends mid-row ('${lines[last]!.slice(0, 80)}'): the file is truncated`, "fetch the feed again");
  }
}

function location(source: FeedSource): string {
  switch (source.kind) {
    case "upstream":
      return EPSS_URL;
    case "url":
      return source.url;
    case "file":
      return source.path;
    case "dir":
      return join(source.path, "epss_scores-current.csv.gz");
  }
}

export const epssEnrichers: EnrichmentUpdaterFactory = async (source) => {
  const where = location(source);
  return [{ id: EPSS_UPDATER_ID, fetch: (previous, client) => client.get(where, previous), parse: parseEpssCsv }];
};
