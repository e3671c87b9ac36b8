import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request, type buildConnector, type Dispatcher } from "undici";
import { FatalError } from "../../core/problem.js";
import { checkHopLimit, headersForHop, redirectTarget } from "../redirect.js";
import type { RequestGuard } from "../url-guard.js";

export interface TimeoutOptions {
  /** TCP + TLS connect. */
  readonly connectMs: number;
  /** From sending the request to the last response header. */
  readonly headersMs: number;
  /** The longest pause between two chunks of a body. */
  readonly bodyIdleMs: number;
  /**
   * One request from the first byte sent to the last byte read, retries and redirects included:
   * a server that drips a byte just inside `bodyIdleMs` must not hold a scan for ever.
   */
  readonly totalMs: number;
}

export interface RetryOptions {
  /** Total attempts for one request, including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** Upper bound of one wait, including a server's Retry-After. */
  readonly maxDelayMs: number;
}

/** Builds the socket connector from the transport's TLS and timeout options (a server's SSRF guard). */
export type ConnectorFactory = (base: buildConnector.BuildOptions) => buildConnector.connector;

export const DEFAULT_TIMEOUTS: TimeoutOptions = { connectMs: 10_000, headersMs: 30_000, bodyIdleMs: 60_000, totalMs: 600_000 };
export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 250, maxDelayMs: 30_000 };

export interface HttpRequest {
  readonly url: URL;
  readonly method?: "GET" | "HEAD" | "POST" | "PUT";
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * What a push sends. A stream comes from a factory, so a retry or a 307 hop sends it afresh
   * instead of an already drained one.
   */
  readonly body?: Buffer | (() => Readable);
  readonly signal?: AbortSignal | undefined;
}

export type HttpResponse = Dispatcher.ResponseData;

/** Maps an undici/network error to a one-line FatalError; abort errors pass through untouched. */
export function networkError(e: unknown, what: string, timeouts: TimeoutOptions): unknown {
  if (e instanceof FatalError) return e;
  if (e instanceof Error && (e.name === "AbortError" || (e as { code?: unknown }).code === "ABORT_ERR")) return e;
  const code = e instanceof Error ? String((e as { code?: unknown }).code ?? "") : "";
  const hint = "check that the registry is reachable, or raise the timeout with CLARO_REGISTRY_TIMEOUT (seconds)";
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return new FatalError("TIMEOUT", `${what}: no connection within ${timeouts.connectMs} ms`, hint, { cause: e });
    case "UND_ERR_HEADERS_TIMEOUT":
      return new FatalError("TIMEOUT", `${what}: no response within ${timeouts.headersMs} ms`, hint, { cause: e });
    case "UND_ERR_BODY_TIMEOUT":
      return new FatalError("TIMEOUT", `${what}: the response stalled for ${timeouts.bodyIdleMs} ms`, hint, { cause: e });
  }
  const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
  return new FatalError(
    "NETWORK",
    `${what}: ${detail}${code && !detail?.includes(code) ? ` (${code})` : ""}`,
    "check the registry address and the network; use --insecure for a registry without TLS",
    { cause: e },
  );
}

const TOTAL_HINT = "the registry is too slow or stalls; check it, or raise the deadline (--timeout, or the server's layerTimeoutSeconds)";

/** Errors worth another attempt: the connection broke, not a timeout or a refusal. */
function isTransient(e: unknown): boolean {
  const code = e instanceof Error ? String((e as { code?: unknown }).code ?? "") : "";
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET" || code === "EPIPE";
}

/** Seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function headerValue(h: HttpResponse["headers"], name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * HTTP with the registry's needs: bounded retries with exponential backoff and jitter for
 * 429/5xx and broken connections (honouring Retry-After), redirects followed by hand so the
 * Authorization header never leaks to another host (blob storage), and mapped timeouts.
 */
export class Transport {
  private readonly agent: Agent;

  /**
   * With `guard`, every URL (the first, each redirect hop, a token realm) is vetted before it is
   * connected to, and connections go only to the addresses the guard vetted; an explicit
   * `connector` replaces the guard's.
   */
  constructor(
    readonly timeouts: TimeoutOptions,
    readonly retry: RetryOptions,
    insecure: boolean,
    connector?: ConnectorFactory,
    private readonly guard?: RequestGuard,
  ) {
    const connect = { timeout: timeouts.connectMs, rejectUnauthorized: !insecure };
    const factory = connector ?? guard?.connector;
    this.agent = new Agent({
      connect: factory ? factory(connect) : connect,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyIdleMs,
    });
  }

  /**
   * Sends with retries and redirects; the caller owns (and must consume or dump) the body. The
   * total deadline runs until the body is read: reading past it fails with TIMEOUT.
   */
  async send(req: HttpRequest, what: string): Promise<HttpResponse> {
    const deadline = new AbortController();
    // setTimeout fires at once past 2^31-1 ms: a huge deadline is clamped, not turned into none.
    const timer = setTimeout(
      () => deadline.abort(new FatalError("TIMEOUT", `${what}: not complete within ${this.timeouts.totalMs} ms`, TOTAL_HINT)),
      Math.min(this.timeouts.totalMs, 2 ** 31 - 1),
    );
    // The deadline is a bound, not work: it must not keep the process alive.
    timer.unref();
    const signal = req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal;
    let url = req.url;
    let headers: Record<string, string> = { ...req.headers };
    try {
      for (let hop = 0; ; hop++) {
        await this.guard?.vet(url, what, hop === 0 ? "request" : `redirect (${url.href.slice(0, 200)})`);
        const res = await this.sendWithRetry({ ...req, url, headers, signal }, what);
        const next = redirectTarget(res.statusCode, res.headers["location"], url, what);
        if (next === null) {
          res.body.once("close", () => clearTimeout(timer));
          return res;
        }
        await res.body.dump();
        checkHopLimit(hop, what);
        headers = headersForHop(headers, url, next);
        url = next;
      }
    } catch (e) {
      clearTimeout(timer);
      // An abort while waiting (a retry's backoff) carries the deadline as its cause.
      if (deadline.signal.aborted && !(req.signal?.aborted ?? false)) throw deadline.signal.reason;
      throw e;
    }
  }

  private async sendWithRetry(req: HttpRequest, what: string): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      let res: HttpResponse;
      try {
        res = await request(req.url, {
          method: req.method ?? "GET",
          headers: req.headers,
          body: typeof req.body === "function" ? req.body() : req.body,
          signal: req.signal,
          dispatcher: this.agent,
        });
      } catch (e) {
        if (attempt < this.retry.attempts && isTransient(e)) {
          await sleep(this.backoff(attempt, undefined), undefined, { signal: req.signal });
          continue;
        }
        throw networkError(e, what, this.timeouts);
      }
      const retryable = res.statusCode === 429 || (res.statusCode >= 500 && res.statusCode <= 599);
      if (!retryable || attempt >= this.retry.attempts) return res;
      const wait = this.backoff(attempt, parseRetryAfter(res.headers["retry-after"]));
      await res.body.dump().catch(() => undefined);
      await sleep(wait, undefined, { signal: req.signal });
    }
  }

  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return Math.min(retryAfterMs, this.retry.maxDelayMs);
    const exp = this.retry.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(exp + Math.random() * this.retry.baseDelayMs, this.retry.maxDelayMs);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
