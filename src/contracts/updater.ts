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

export type FetchOutcome = { readonly status: "unchanged" } | { readonly status: "changed"; readonly body: Buffer; readonly fingerprint: Fingerprint };

/**
 * A download kept on disk instead of in memory: `path` is a file in a temporary directory of its
 * own, which `dispose` deletes (idempotent; the process's exit deletes what is left).
 */
export type DownloadOutcome =
  { readonly status: "unchanged" } | { readonly status: "changed"; readonly path: string; readonly fingerprint: Fingerprint; readonly dispose: () => void };

/** Fetches a URL or file, conditionally. Supplied by the updater engine (timeouts, retries, proxies). */
export interface FeedClient {
  /** `location` is an http(s) URL or a local path. `previous` is the last fingerprint. */
  get(location: string, previous: Fingerprint | null): Promise<FetchOutcome>;
  /**
   * Like `get` for an http(s) URL, with the body streamed to a temporary file (same limits, same
   * fingerprint), so a large feed is parsed from disk as a local one is. Optional: a client
   * without it (a test's) serves `get` only.
   */
  download?(url: string, previous: Fingerprint | null): Promise<DownloadOutcome>;
  /** Names directly inside a local directory; empty when it does not exist. */
  listDir(path: string): Promise<readonly string[]>;
  readonly signal?: AbortSignal;
}

export interface ParseOutput {
  readonly advisories: Iterable<Advisory>;
  /** Records that failed validation; filled as `advisories` is iterated. */
  readonly problems: Problem[];
  /** Releases what the parse reads from (a downloaded file); the engine calls it once the write is over. */
  readonly dispose?: () => void;
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
export type ParsedFetch = { readonly status: "unchanged" } | { readonly status: "changed"; readonly fingerprint: Fingerprint; readonly parsed: ParseOutput };

/** Makes the updaters of one ecosystem for a source; several when the feed is split (Alpine). */
export type UpdaterFactory = (source: FeedSource, client: FeedClient) => Promise<readonly Updater[]>;
