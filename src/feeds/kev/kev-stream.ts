import { JSONParser, TokenType } from "@streamparser/json";
import type { Enrichment, EnrichmentParseOutput, ParsedEnrichmentFetch } from "../../contracts/enrichment.js";
import type { FeedClient, Fingerprint } from "../../contracts/updater.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { fileSlices, localFileFingerprint } from "../../formats/feed-file.js";
import { KEV_UPDATER_ID, kevRecord } from "./kev-json.js";

/** Where the root object's `vulnerabilities` member stands, told from the tokens as they pass. */
type Shape = "unseen" | "array" | "other";

function invalid(why: string, cause?: unknown): FatalError {
  return new FatalError(
    "FEED_INVALID",
    `kev: the catalogue is not JSON (${why})`,
    "is the file truncated? fetch it again",
    cause === undefined ? undefined : { cause },
  );
}

function notCatalogue(): FatalError {
  return new FatalError("FEED_INVALID", "kev: not a CISA KEV catalogue (no vulnerabilities array)");
}

/**
 * The KEV catalogue read as a stream (issue 13.3): `$.vulnerabilities.*` one entry at a time, so
 * the document is never whole in memory. A root that is not an object, or has no
 * `vulnerabilities` array, and a document cut short or followed by more data, throw FEED_INVALID
 * from the loop, inside the store's write, which then keeps the previous data.
 */
export function parseKevSlices(slices: Iterable<Uint8Array>): EnrichmentParseOutput {
  const problems: Problem[] = [];
  function* records(): Generator<Enrichment> {
    const parser = new JSONParser({ paths: ["$.vulnerabilities.*"], keepStack: false });
    let pending: Enrichment[] = [];
    // Set from the callbacks, so kept in an object TypeScript does not narrow.
    const seen: { shape: Shape; rootIsObject: boolean | null } = { shape: "unseen", rootIsObject: null };
    // Root-level tokens only: after `{` or `,` comes a key; after its `:` the value's first token.
    let depth = 0;
    let expect: "key" | "colon" | "value" | "other" = "other";
    let key: string | null = null;
    parser.onToken = ({ token, value }) => {
      if (seen.rootIsObject === null) seen.rootIsObject = token === TokenType.LEFT_BRACE;
      if (depth === 1) {
        if (expect === "key" && token === TokenType.STRING) {
          key = String(value);
          expect = "colon";
        } else if (expect === "colon" && token === TokenType.COLON) expect = "value";
        else if (expect === "value") {
          if (key === "vulnerabilities") seen.shape = token === TokenType.LEFT_BRACKET ? "array" : "other";
          expect = "other";
        } else if (token === TokenType.COMMA) expect = "key";
      }
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
        depth += 1;
        if (depth === 1) expect = "key";
      } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth -= 1;
    };
    parser.onValue = ({ value, key: index, parent }) => {
      if (!Array.isArray(parent) || typeof index !== "number") return;
      const r = kevRecord(value, index, problems);
      if (r !== null) pending.push(r);
    };
    const write = (bytes: Uint8Array | null): void => {
      try {
        if (bytes === null) parser.end();
        else parser.write(bytes);
      } catch (e) {
        throw invalid(e instanceof Error ? e.message : String(e), e);
      }
    };
    for (const s of slices) {
      if (parser.isEnded) {
        if (s.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)) throw invalid("data after the end of the document");
        continue;
      }
      write(s);
      if (seen.rootIsObject === false || seen.shape === "other") throw notCatalogue();
      yield* pending;
      pending = [];
    }
    if (seen.rootIsObject === null) throw invalid("the document is empty");
    if (!parser.isEnded) write(null);
    if (seen.shape !== "array") throw notCatalogue();
    yield* pending;
  }
  return { records: records(), problems };
}

/** A local catalogue is hashed, then read from disk in slices; a download is read the same way from its temporary file. */
export async function kevFetchParsed(where: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedEnrichmentFetch> {
  if (!/^https?:\/\//.test(where)) {
    const { fingerprint, unchanged } = await localFileFingerprint(where, previous);
    return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: parseKevSlices(fileSlices(where)) };
  }
  if (!client.download) {
    const got = await client.get(where, previous);
    return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, parsed: parseKevSlices([got.body]) };
  }
  const got = await client.download(where, previous);
  if (got.status === "unchanged") return got;
  const { dispose } = got;
  const parsed = parseKevSlices(fileSlices(got.path));
  // The file goes once its entries are read, or when the engine disposes of a parse never read.
  function* disposing(): Generator<Enrichment> {
    try {
      yield* parsed.records;
    } finally {
      dispose();
    }
  }
  return { status: "changed", fingerprint: got.fingerprint, parsed: { records: disposing(), problems: parsed.problems, dispose } };
}
