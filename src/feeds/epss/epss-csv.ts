import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import type { Enrichment, EnrichmentParseOutput, EnrichmentUpdaterFactory } from "../../contracts/enrichment.js";
import type { FeedSource } from "../../contracts/updater.js";
import { FatalError, type Problem } from "../../core/problem.js";

export const EPSS_UPDATER_ID = "epss";
export const EPSS_URL = "https://epss.cyentia.com/epss_scores-current.csv.gz";

/** `#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000` → its two fields. */
export function readHeaderComment(line: string): { modelVersion: string | null; scoreDate: string | null } {
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

/** Where `cve`, `epss` and `percentile` are in a header line; FEED_INVALID without them. */
export function headerColumns(line: string): { readonly ci: number; readonly ei: number; readonly pi: number; readonly count: number } {
  const header = line.split(",").map((h) => h.trim());
  const [ci, ei, pi] = ["cve", "epss", "percentile"].map((h) => header.indexOf(h)) as [number, number, number];
  if (ci < 0 || ei < 0 || pi < 0) throw new FatalError("FEED_INVALID", `epss: the CSV has no cve,epss,percentile header (got '${header.join(",")}')`);
  return { ci, ei, pi, count: header.length };
}

/** One data line (`lineNo` counts from 1) as a record, or a problem and null. */
export function epssRow(
  line: string,
  lineNo: number,
  c: ReturnType<typeof headerColumns>,
  meta: { modelVersion: string | null; scoreDate: string | null },
  problems: Problem[],
): Enrichment | null {
  const cols = line.split(",");
  const cve = cols[c.ci]?.trim() ?? "";
  const score = probability(cols[c.ei]);
  const percentile = probability(cols[c.pi]);
  if (!/^CVE-\d{4}-\d+$/.test(cve) || score === null || percentile === null) {
    problems.push({ kind: "bad-feed-record", updater: EPSS_UPDATER_ID, detail: `line ${lineNo}: not a CVE with two probabilities: '${line.slice(0, 80)}'` });
    return null;
  }
  return { kind: "epss", cve, updater: EPSS_UPDATER_ID, data: { score, percentile, ...meta } };
}

/** The FIRST EPSS CSV (`cve,epss,percentile`, after a `#model_version…` comment), gzipped or not, from memory. */
export function parseEpssCsv(body: Buffer): EnrichmentParseOutput {
  const text = decode(body);
  const lines = text.split(/\r?\n/);
  let meta: { modelVersion: string | null; scoreDate: string | null } = { modelVersion: null, scoreDate: null };
  let at = 0;
  while (at < lines.length && lines[at]!.startsWith("#")) meta = readHeaderComment(lines[at++]!);
  const columns = headerColumns(lines[at++] ?? "");
  checkLastLine(lines, at, columns.count);
  const problems: Problem[] = [];
  const start = at;
  function* records(): Generator<Enrichment> {
    for (let i = start; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === "") continue;
      const row = epssRow(line, i + 1, columns, meta, problems);
      if (row !== null) yield row;
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
  if (isCutRow(lines[last]!, last > firstRow ? lines[last - 1]! : null, columns)) {
    throw new FatalError("FEED_INVALID", `epss: the CSV ends mid-row ('${lines[last]!.slice(0, 80)}'): the file is truncated`, "fetch the feed again");
  }
}

/** A last row without a line break that differs in shape from the row before it was cut. */
export function isCutRow(last: string, prev: string | null, columns: number): boolean {
  const cols = last.split(",");
  const before = prev === null ? null : prev.split(",");
  return cols.length !== columns || (before !== null && cols.some((c, i) => decimals(c) !== decimals(before[i])));
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
  return [
    {
      id: EPSS_UPDATER_ID,
      fetch: (previous, client) => client.get(where, previous),
      parse: parseEpssCsv,
      fetchParsed: async (previous, client) => (await import("./epss-stream.js")).epssFetchParsed(where, previous, client),
    },
  ];
};
