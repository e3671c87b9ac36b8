import type { Advisory } from "../core/advisory.js";
import type { Problem } from "../core/problem.js";

/** Where an updater reads its feed from. `upstream` is the vendor's own URL. */
export type FeedSource =
  | { readonly kind: "upstream" }
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "dir"; readonly path: string }
  | { readonly kind: "url"; readonly url: string };

/** Conditional-fetch state kept between runs. Opaque to the engine; stored as-is. */
export type Fingerprint = string;

export type FetchOutcome =
  | { readonly status: "unchanged" }
  | { readonly status: "changed"; readonly body: Buffer; readonly fingerprint: Fingerprint };

/** Fetches a URL or file, conditionally. Supplied by the updater engine (timeouts, retries, proxies). */
export interface FeedClient {
  /** `location` is an http(s) URL or a local path. `previous` is the last fingerprint. */
  get(location: string, previous: Fingerprint | null): Promise<FetchOutcome>;
  /** Names directly inside a local directory; empty when it does not exist. */
  listDir(path: string): Promise<readonly string[]>;
  readonly signal?: AbortSignal;
}

export interface ParseOutput {
  readonly advisories: Iterable<Advisory>;
  /** Records that failed validation; filled as `advisories` is iterated. */
  readonly problems: Problem[];
}

/**
 * One feed whose data is replaced atomically as a unit. `fetch` gets the previous fingerprint
 * and answers `unchanged` when the feed did not change (no write follows).
 */
export interface Updater {
  /** e.g. `debian`, `alpine/v3.9/main`. */
  readonly id: string;
  fetch(previous: Fingerprint | null, client: FeedClient): Promise<FetchOutcome>;
  /** Throws FatalError(FEED_INVALID) when the body as a whole is unreadable (e.g. truncated). */
  parse(body: Buffer): ParseOutput;
  /**
   * fetch + parse for feeds too large to hold (issue 13): the feed is read in slices while the
   * store consumes `parsed.advisories`, so neither the body nor the document is ever whole in
   * memory. FEED_INVALID may then come from the iteration, inside the store's transaction, which
   * rolls back. When present, the engine uses it instead of fetch and parse.
   */
  readonly fetchParsed?: (previous: Fingerprint | null, client: FeedClient) => Promise<ParsedFetch>;
}

/** What `fetchParsed` answers: like FetchOutcome, with the (lazy) parse in place of the body. */
export type ParsedFetch =
  | { readonly status: "unchanged" }
  | { readonly status: "changed"; readonly fingerprint: Fingerprint; readonly parsed: ParseOutput };

/** Makes the updaters of one ecosystem for a source; several when the feed is split (Alpine). */
export type UpdaterFactory = (source: FeedSource, client: FeedClient) => Promise<readonly Updater[]>;
