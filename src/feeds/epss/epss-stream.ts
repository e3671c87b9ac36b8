import { StringDecoder } from "node:string_decoder";
import type { Enrichment, EnrichmentParseOutput, ParsedEnrichmentFetch } from "../../contracts/enrichment.js";
import type { FeedClient, Fingerprint } from "../../contracts/updater.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { localFileFingerprint } from "../../formats/feed-file.js";
import { feedChunks, fileChunks } from "../../formats/oval/chunks.js";
import { EPSS_UPDATER_ID, epssRow, headerColumns, isCutRow, readHeaderComment } from "./epss-csv.js";

/** Lines of UTF-8 text from byte chunks; `last` marks a final line that has no line break. */
function* lines(chunks: Iterable<Buffer>): Generator<{ readonly text: string; readonly last: boolean }> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for (const chunk of chunks) {
    rest += decoder.write(chunk);
    let nl = rest.indexOf("\n");
    let from = 0;
    while (nl >= 0) {
      yield { text: rest.slice(from, nl).replace(/\r$/, ""), last: false };
      from = nl + 1;
      nl = rest.indexOf("\n", from);
    }
    rest = rest.slice(from);
  }
  rest += decoder.end();
  if (rest !== "") yield { text: rest.replace(/\r$/, ""), last: true };
}

/**
 * The EPSS CSV as it is read, a line at a time (issue 13.3): `chunks` are the file's bytes,
 * gzipped or not, so the 280,000 rows are never one string. What parseEpssCsv checks before it
 * yields anything (the header; a last row cut mid-number) is checked here as the rows go by, and
 * throws FEED_INVALID inside the store's write, which then keeps the previous data.
 */
export function parseEpssChunks(chunks: Iterable<Buffer>, label: string): EnrichmentParseOutput {
  const problems: Problem[] = [];
  function* records(): Generator<Enrichment> {
    let meta: { modelVersion: string | null; scoreDate: string | null } = { modelVersion: null, scoreDate: null };
    let columns: ReturnType<typeof headerColumns> | null = null;
    let prev: string | null = null;
    let n = 0;
    for (const { text, last } of lines(feedChunks(chunks, label))) {
      n++;
      if (columns === null) {
        if (text.startsWith("#")) meta = readHeaderComment(text);
        else columns = headerColumns(text);
        continue;
      }
      if (last && isCutRow(text, prev, columns.count)) {
        throw new FatalError("FEED_INVALID", `epss: the CSV ends mid-row ('${text.slice(0, 80)}'): the file is truncated`, "fetch the feed again");
      }
      if (text.trim() === "") continue;
      prev = text;
      const row = epssRow(text, n, columns, meta, problems);
      if (row !== null) yield row;
    }
    if (columns === null) throw new FatalError("FEED_INVALID", "epss: the CSV has no cve,epss,percentile header (got '')");
  }
  return { records: records(), problems };
}

/** Local files are read from disk and downloads saved to a temporary file, then read the same way. */
export async function epssFetchParsed(where: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedEnrichmentFetch> {
  if (!/^https?:\/\//.test(where)) {
    const { fingerprint, unchanged } = await localFileFingerprint(where, previous);
    return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: parseEpssChunks(fileChunks(where), where) };
  }
  if (!client.download) {
    const got = await client.get(where, previous);
    return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, parsed: parseEpssChunks([got.body], where) };
  }
  const got = await client.download(where, previous);
  if (got.status === "unchanged") return got;
  const { dispose } = got;
  const parsed = parseEpssChunks(fileChunks(got.path), where);
  // The file goes once its rows are read, or when the engine disposes of a parse never read.
  function* disposing(): Generator<Enrichment> {
    try {
      yield* parsed.records;
    } finally {
      dispose();
    }
  }
  return { status: "changed", fingerprint: got.fingerprint, parsed: { records: disposing(), problems: parsed.problems, dispose } };
}
