import type { EnrichmentUpdater, ParsedEnrichmentFetch } from "../contracts/enrichment.js";
import type { FeedClient, Fingerprint, ParsedFetch, Updater } from "../contracts/updater.js";

/**
 * The engine's one way to get an updater's records: its streamed `fetchParsed` when it has one
 * (large feeds read in slices during the write), else `fetch` then `parse` of the whole body.
 */
export async function fetchParsed(updater: Updater, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
  if (updater.fetchParsed) return updater.fetchParsed(previous, client);
  const outcome = await updater.fetch(previous, client);
  if (outcome.status === "unchanged") return outcome;
  return { status: "changed", fingerprint: outcome.fingerprint, parsed: updater.parse(outcome.body) };
}

/** `fetchParsed` for the enrichment updaters (NVD, EPSS, KEV). */
export async function fetchParsedEnrichment(updater: EnrichmentUpdater, previous: Fingerprint | null, client: FeedClient): Promise<ParsedEnrichmentFetch> {
  if (updater.fetchParsed) return updater.fetchParsed(previous, client);
  const outcome = await updater.fetch(previous, client);
  if (outcome.status === "unchanged") return outcome;
  return { status: "changed", fingerprint: outcome.fingerprint, parsed: updater.parse(outcome.body) };
}
