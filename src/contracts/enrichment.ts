import type { CvssScore } from "../core/advisory.js";
import type { Problem } from "../core/problem.js";
import type { FeedClient, FeedSource, FetchOutcome, Fingerprint } from "./updater.js";

/**
 * Per-CVE data from feeds that carry no package information (NVD, EPSS, CISA KEV). Stored
 * apart from advisories, keyed by CVE id, and attached to findings at report time.
 */
export type EnrichmentKind = "nvd" | "epss" | "kev";

export interface NvdData {
  /** Every CVSS metric NVD lists (v2, v3.0, v3.1, v4.0), with `source` the scoring organisation. */
  readonly cvss: readonly CvssScore[];
  readonly published: string | null;
  readonly lastModified: string | null;
}

export interface EpssData {
  readonly score: number;
  readonly percentile: number;
  /** From the CSV's `#model_version:…,score_date:…` header line. */
  readonly modelVersion: string | null;
  readonly scoreDate: string | null;
}

export interface KevData {
  readonly dateAdded: string;
  readonly dueDate: string | null;
  /** CISA `knownRansomwareCampaignUse`: `Known` or `Unknown`. */
  readonly ransomware: string;
  readonly vulnerabilityName: string | null;
}

export type Enrichment =
  | { readonly kind: "nvd"; readonly cve: string; readonly data: NvdData; readonly updater: string }
  | { readonly kind: "epss"; readonly cve: string; readonly data: EpssData; readonly updater: string }
  | { readonly kind: "kev"; readonly cve: string; readonly data: KevData; readonly updater: string };

/** Advisories and enrichments travel together in a bundle; only enrichments have `cve`. */
export function isEnrichment<A extends object>(r: A | Enrichment): r is Enrichment {
  return "cve" in r && "kind" in r;
}

export interface EnrichmentParseOutput {
  readonly records: Iterable<Enrichment>;
  /** Records that failed validation; filled as `records` is iterated. */
  readonly problems: Problem[];
  /** As ParseOutput's: releases downloaded files once the write is over. */
  readonly dispose?: () => void;
}

/** Like Updater, but its records replace the enrichments (not the advisories) of `id`. */
export interface EnrichmentUpdater {
  /** `nvd`, `epss` or `kev`. */
  readonly id: string;
  fetch(previous: Fingerprint | null, client: FeedClient): Promise<FetchOutcome>;
  /** Throws FatalError(FEED_INVALID) when the body as a whole is unreadable. */
  parse(body: Buffer): EnrichmentParseOutput;
  /** Streamed fetch + parse, as `Updater.fetchParsed`: used instead of both when present. */
  readonly fetchParsed?: (previous: Fingerprint | null, client: FeedClient) => Promise<ParsedEnrichmentFetch>;
}

export type ParsedEnrichmentFetch =
  { readonly status: "unchanged" } | { readonly status: "changed"; readonly fingerprint: Fingerprint; readonly parsed: EnrichmentParseOutput };

export type EnrichmentUpdaterFactory = (source: FeedSource, client: FeedClient) => Promise<readonly EnrichmentUpdater[]>;
