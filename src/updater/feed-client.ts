import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { FatalError } from "../core/problem.js";
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
  readonly signal?: AbortSignal;
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
  const doFetch = options.fetchImpl ?? fetch;
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
      const headers: Record<string, string> = { "user-agent": "claro (vulnerability feed updater)" };
      if (prev?.etag) headers["if-none-match"] = prev.etag;
      if (prev?.lastModified) headers["if-modified-since"] = prev.lastModified;
      for (let attempt = 0; ; attempt++) {
        const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
        let res: Response;
        try {
          res = await doFetch(location, { headers, signal: AbortSignal.any(signals), redirect: "follow" });
        } catch (e) {
          if (attempt < retries) {
            await sleep(backoff(attempt));
            continue;
          }
          throw new FatalError("FEED_UNAVAILABLE", `${location}: ${errorText(e)}`, "check the network, or use --source UPDATER=PATH with a mirrored copy", { cause: e });
        }
        if (res.status === 304) return { status: "unchanged" };
        if ((res.status === 429 || res.status >= 500) && attempt < retries) {
          await sleep(retryAfterMs(res.headers.get("retry-after")) ?? backoff(attempt));
          continue;
        }
        if (!res.ok) {
          throw new FatalError("FEED_UNAVAILABLE", `${location}: HTTP ${res.status}`, "check the URL, or use --source UPDATER=PATH with a mirrored copy");
        }
        const body = Buffer.from(await res.arrayBuffer());
        const etag = res.headers.get("etag");
        const lastModified = res.headers.get("last-modified");
        return fromBody(body, prev, { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) });
      }
    },
  };
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
    return `${e.message}${cause}`;
  }
  return String(e);
}
