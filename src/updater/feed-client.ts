import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { FatalError } from "../core/problem.js";
import { DEFAULT_MAX_BODY_BYTES, saveBody } from "./feed-body.js";
import type { FeedClient, FetchOutcome, Fingerprint } from "../contracts/updater.js";

/** What a fingerprint records: HTTP validators when the server gave them, and the body hash. */
interface FingerprintData {
  readonly sha256: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

export interface FeedClientOptions {
  readonly timeoutMs?: number;
  readonly retries?: number;
  /**
   * How long a feed may take to reach its host, DNS lookup and retries included (default 10 s):
   * offline, 77 feeds each retried a failed lookup for seconds, and an update took over 3 minutes.
   */
  readonly connectTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The largest body `download` saves (default 4 GiB); more fails with FEED_INVALID. */
  readonly maxBodyBytes?: number;
  /** Injected for tests of faults a real server cannot be made to show. */
  readonly fetchImpl?: typeof fetch;
}

/**
 * The engine's FeedClient: local files and http(s) with conditional requests. An unchanged
 * feed costs one request and produces no write: a 304, or a body whose hash is the one stored.
 */
export function createFeedClient(options: FeedClientOptions = {}): FeedClient {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const retries = options.retries ?? 3;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const doFetch = options.fetchImpl ?? fetch;
  const unreachable = new UnreachableHosts(connectTimeoutMs * 6);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    async listDir(path) {
      try {
        return (await readdir(path)).sort();
      } catch {
        return [];
      }
    },
    async get(location, previous) {
      const prev = parseFingerprint(previous);
      if (!/^https?:\/\//.test(location)) return fromBody(await readLocal(location), prev, {});
      const res = await request(location, prev);
      if (res === null) return { status: "unchanged" };
      const body = Buffer.from(await res.arrayBuffer());
      return fromBody(body, prev, validatorsOf(res));
    },
    async download(url, previous) {
      if (!/^https?:\/\//.test(url)) throw new Error(`download is for http(s) URLs, not ${url}`);
      const prev = parseFingerprint(previous);
      const res = await request(url, prev);
      if (res === null) return { status: "unchanged" };
      const saved = await saveBody(url, res.body, res.headers.get("content-length"), maxBodyBytes);
      if (prev && prev.sha256 === saved.sha256) {
        saved.dispose();
        return { status: "unchanged" };
      }
      const fingerprint: Fingerprint = JSON.stringify({ sha256: saved.sha256, ...validatorsOf(res) } satisfies FingerprintData);
      return { status: "changed", path: saved.path, fingerprint, dispose: saved.dispose };
    },
  };

  /** The response of a conditional GET, retried as below; null for 304 Not Modified. */
  async function request(location: string, prev: FingerprintData | null): Promise<Response | null> {
    const headers: Record<string, string> = { "user-agent": "claro (vulnerability feed updater)" };
    if (prev?.etag) headers["if-none-match"] = prev.etag;
    if (prev?.lastModified) headers["if-modified-since"] = prev.lastModified;
    const host = new URL(location).host;
    const known = unreachable.get(host);
    if (known !== undefined) throw unavailable(location, `${known} (${host} did not connect moments ago; not tried again)`);
    const firstAttempt = Date.now();
    let connected = false;
    let lastConnectError = false;
    for (let attempt = 0; ; attempt++) {
      // Until a response arrives, a retry after a connection failure gets what is left of the
      // connect budget; the first attempt is bounded by the HTTP client's own 10 s connect timeout.
      const connecting = new AbortController();
      const left = connectTimeoutMs - (Date.now() - firstAttempt);
      const connectTimer =
        lastConnectError && !connected
          ? setTimeout(() => connecting.abort(new Error(`no connection within ${connectTimeoutMs / 1000} s`)), Math.max(left, 0))
          : undefined;
      const signals = [AbortSignal.timeout(timeoutMs), connecting.signal, ...(options.signal ? [options.signal] : [])];
      let res: Response;
      try {
        res = await doFetch(location, { headers, signal: AbortSignal.any(signals), redirect: "follow" });
      } catch (e) {
        const reason = connecting.signal.aborted ? errorText(connecting.signal.reason) : errorText(e);
        const code = connectionErrorCode(e);
        const pause = backoff(attempt);
        lastConnectError = code !== null;
        // A definite answer (no such name, nothing listening) does not change on a retry; a
        // transient one is retried only while the connect budget lasts.
        const retry =
          attempt < retries &&
          !options.signal?.aborted &&
          (connected ||
            (code !== null && !DEFINITE.has(code) && Date.now() - firstAttempt + pause < connectTimeoutMs) ||
            (code === null && !connecting.signal.aborted));
        if (retry) {
          await sleep(pause, options.signal);
          continue;
        }
        if (!connected && ((code !== null && (DEFINITE.has(code) || code === "EAI_AGAIN")) || connecting.signal.aborted)) unreachable.set(host, reason);
        throw unavailable(location, reason, e);
      } finally {
        clearTimeout(connectTimer);
      }
      connected = true;
      if (res.status === 304) return null;
      if ((res.status === 429 || res.status >= 500) && attempt < retries) {
        await sleep(retryAfterMs(res.headers.get("retry-after")) ?? backoff(attempt), options.signal);
        continue;
      }
      if (!res.ok) {
        throw new FatalError("FEED_UNAVAILABLE", `${location}: HTTP ${res.status}`, "check the URL, or use --source UPDATER=PATH with a mirrored copy");
      }
      return res;
    }
  }
}

function validatorsOf(res: Response): Omit<FingerprintData, "sha256"> {
  const etag = res.headers.get("etag");
  const lastModified = res.headers.get("last-modified");
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/** Connection errors that a retry seconds later would only repeat. */
const DEFINITE: ReadonlySet<string> = new Set([
  "ENOTFOUND",
  "EAI_NONAME",
  "EAI_FAIL",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Codes of errors that happen before a connection stands (DNS, TCP, TLS setup); null for others. */
const CONNECT_CODES = /^(E[A-Z_]+|UND_ERR_CONNECT_TIMEOUT|UND_ERR_SOCKET)$/;

function connectionErrorCode(e: unknown): string | null {
  const cause = e instanceof Error ? e.cause : undefined;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : "";
  return CONNECT_CODES.test(code) ? code : null;
}

function unavailable(location: string, reason: string, cause?: unknown): FatalError {
  return new FatalError("FEED_UNAVAILABLE", `${location}: ${reason}`, "check the network, or use --source UPDATER=PATH with a mirrored copy", { cause });
}

/**
 * Hosts that did not connect, remembered for a while: feeds that share a host (every OSV
 * ecosystem, every Alpine release) then fail at once instead of each waiting out the same DNS
 * timeout. Forgotten after `ttlMs`, so a long-running server tries again on its next period.
 */
class UnreachableHosts {
  private readonly failed = new Map<string, { reason: string; at: number }>();
  constructor(private readonly ttlMs: number) {}
  get(host: string): string | undefined {
    const f = this.failed.get(host);
    if (f === undefined) return undefined;
    if (Date.now() - f.at <= this.ttlMs) return f.reason;
    this.failed.delete(host);
    return undefined;
  }
  set(host: string, reason: string): void {
    this.failed.set(host, { reason, at: Date.now() });
  }
}

async function readLocal(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `${path}: ${errorText(e)}`, "check the --source path");
  }
}

function fromBody(body: Buffer, prev: FingerprintData | null, validators: Omit<FingerprintData, "sha256">): FetchOutcome {
  const sha256 = createHash("sha256").update(body).digest("hex");
  if (prev && prev.sha256 === sha256) return { status: "unchanged" };
  const fingerprint: Fingerprint = JSON.stringify({ sha256, ...validators } satisfies FingerprintData);
  return { status: "changed", body, fingerprint };
}

function parseFingerprint(fp: Fingerprint | null): FingerprintData | null {
  if (!fp) return null;
  try {
    const v: unknown = JSON.parse(fp);
    if (v && typeof v === "object" && "sha256" in v && typeof v.sha256 === "string") return v as FingerprintData;
  } catch {
    // A fingerprint from another updater version: treat as absent and refetch.
  }
  return null;
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.min(secs * 1000, 60_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - Date.now(), 60_000));
}

function backoff(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000) * (0.5 + Math.random() / 2);
}

/** Ends early when `signal` aborts: a stopping server must not wait out a retry pause. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
    return `${e.message}${cause}`;
  }
  return String(e);
}
