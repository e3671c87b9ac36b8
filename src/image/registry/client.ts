import { PassThrough, type Readable } from "node:stream";
import { isDigest, type Digest } from "../../core/digest.js";
import { FatalError } from "../../core/problem.js";
import { sha256Digest } from "../digests.js";
import { Authenticator, UNAUTHORIZED_HINT } from "./auth.js";
import type { Credentials } from "./docker-config.js";
import { MANIFEST_ACCEPT } from "../oci-manifest.js";
import type { RequestGuard } from "../url-guard.js";
import { isLoopback, type RegistryReference } from "./reference.js";
import {
  headerValue,
  networkError,
  Transport,
  type ConnectorFactory,
  type HttpRequest,
  type HttpResponse,
  type RetryOptions,
  type TimeoutOptions,
} from "./transport.js";

export interface ClientOptions {
  readonly insecure: boolean;
  readonly timeouts: TimeoutOptions;
  readonly retry: RetryOptions;
  readonly credentials: () => Promise<Credentials | null>;
  /** A fixed Authorization header sent on every request; no challenge is answered in its place. */
  readonly authorization?: string;
  /** Vets every connection (a server pulling for a client); default: plain sockets. */
  readonly connector?: ConnectorFactory;
  /** Vets every URL, redirect hops included, before it is connected to (url-guard.ts). */
  readonly guard?: RequestGuard;
}

export interface FetchedManifest {
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
  readonly digest: Digest;
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** A client for one repository of one registry (OCI distribution spec, pull side). */
export class RegistryClient {
  private readonly transport: Transport;
  private readonly auth: Authenticator;
  private scheme: Promise<"https" | "http"> | undefined;
  readonly scope: string;

  constructor(
    readonly ref: RegistryReference,
    private readonly options: ClientOptions,
  ) {
    this.transport = new Transport(options.timeouts, options.retry, options.insecure, options.connector, options.guard);
    this.auth = new Authenticator(this.transport, ref.registry, options.credentials);
    this.scope = `repository:${ref.repository}:pull`;
  }

  private get name(): string {
    return `${this.ref.registry}/${this.ref.repository}`;
  }

  /**
   * Loopback registries speak http; others https, falling back to http only with --insecure
   * (probed once on /v2/).
   */
  private baseScheme(signal?: AbortSignal): Promise<"https" | "http"> {
    this.scheme ??= (async () => {
      if (isLoopback(this.ref.apiHost)) return "http";
      if (!this.options.insecure) return "https";
      try {
        const res = await this.transport.send({ url: new URL(`https://${this.ref.apiHost}/v2/`), signal }, `${this.ref.registry}`);
        await res.body.dump();
        return "https";
      } catch (e) {
        if (e instanceof FatalError && e.code === "NETWORK") return "http";
        throw e;
      }
    })();
    return this.scheme;
  }

  /** The API URL of `path` under /v2/. */
  async url(path: string, signal?: AbortSignal): Promise<URL> {
    return new URL(`${await this.baseScheme(signal)}://${this.ref.apiHost}/v2/${path}`);
  }

  /** A GET with auth: one retry after answering a 401 challenge, then status mapping. */
  private async get(path: string, accept: string, what: string, signal?: AbortSignal): Promise<HttpResponse> {
    const res = await this.send(path, { headers: { accept } }, what, this.scope, signal);
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    return this.fail(res, what);
  }

  /**
   * Any request (a path under /v2/, or an absolute upload URL) with auth for `scope`: one retry
   * after answering a 401 challenge. The caller maps the status; `fail` does it the usual way.
   */
  async send(
    target: string | URL,
    init: Pick<HttpRequest, "method" | "headers" | "body">,
    what: string,
    scope = this.scope,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    const url = typeof target === "string" ? await this.url(target, signal) : target;
    const headers: Record<string, string> = { ...init.headers };
    // An upload Location on another host gets no credentials of this registry.
    const ours = url.host === this.ref.apiHost;
    const cached = ours ? (this.options.authorization ?? this.auth.cached(scope)) : undefined;
    if (cached !== undefined) headers["authorization"] = cached;
    const req = { ...init, url, signal };
    let res = await this.transport.send({ ...req, headers }, what);
    if (res.statusCode === 401 && ours && this.options.authorization === undefined) {
      const challenge = headerValue(res.headers, "www-authenticate");
      await res.body.dump();
      const answer = await this.auth.answer(challenge, scope, signal);
      if (answer === null) {
        throw new FatalError("REGISTRY_UNAUTHORIZED", `${what}: authentication required (HTTP 401)`, UNAUTHORIZED_HINT);
      }
      res = await this.transport.send({ ...req, headers: { ...headers, authorization: answer } }, what);
    }
    return res;
  }

  /** Turns a response that is not 2xx into the one-line FatalError for its status. */
  async fail(res: HttpResponse, what: string): Promise<never> {
    const detail = await errorDetail(res);
    if (res.statusCode === 401 || res.statusCode === 403) {
      throw new FatalError("REGISTRY_UNAUTHORIZED", `${what}: access denied (HTTP ${res.statusCode}${detail})`, UNAUTHORIZED_HINT);
    }
    if (res.statusCode === 404) {
      throw new FatalError(
        "REGISTRY_NOT_FOUND",
        `${what}: not found (HTTP 404${detail})`,
        `check the repository and tag; list tags with: skopeo list-tags docker://${this.name}`,
      );
    }
    throw new FatalError(
      "REGISTRY_ERROR",
      `${what}: the registry answered HTTP ${res.statusCode}${detail}`,
      res.statusCode >= 500 || res.statusCode === 429 ? "the registry is failing or rate-limiting; retry later" : "check the reference and the registry",
    );
  }

  /**
   * Fetches a manifest by tag or digest and verifies its bytes against `expected` (a requested
   * digest or a descriptor), else against Docker-Content-Digest.
   */
  async manifest(reference: string, expected: Digest | null, signal?: AbortSignal): Promise<FetchedManifest> {
    const what = `${this.name}:${reference}`.replace(/:(sha256:)/, "@$1");
    const res = await this.get(`${this.ref.repository}/manifests/${reference}`, MANIFEST_ACCEPT.join(", "), `manifest ${what}`, signal);
    const bytes = await readLimited(res, MAX_MANIFEST_BYTES, `manifest ${what}`, this.options.timeouts);
    const actual = sha256Digest(bytes);
    const header = headerValue(res.headers, "docker-content-digest");
    const claimed = expected ?? (header !== undefined && isDigest(header) ? header : null);
    if (claimed !== null && claimed !== actual) {
      throw new FatalError(
        "DIGEST_MISMATCH",
        `manifest ${what}: content has digest ${actual}, expected ${claimed}`,
        "the registry content is corrupt or was tampered with; retry, or report it to the registry's operator",
      );
    }
    return { bytes, contentType: headerValue(res.headers, "content-type"), digest: actual };
  }

  /** A small blob (the image config), buffered and verified. */
  async blob(digest: Digest, signal?: AbortSignal): Promise<Buffer> {
    const what = `blob ${this.name}@${digest}`;
    const res = await this.get(`${this.ref.repository}/blobs/${digest}`, "*/*", what, signal);
    const bytes = await readLimited(res, MAX_CONFIG_BYTES, what, this.options.timeouts);
    const actual = sha256Digest(bytes);
    if (actual !== digest) {
      throw new FatalError(
        "DIGEST_MISMATCH",
        `${what}: content has digest ${actual}`,
        "the registry content is corrupt or was tampered with; retry, or report it to the registry's operator",
      );
    }
    return bytes;
  }

  /**
   * The raw body of a layer blob, streamed with backpressure. Its digest is checked by the layer
   * reader; here a broken connection or a stall becomes a one-line FatalError on the stream.
   */
  async openBlob(digest: Digest, signal?: AbortSignal): Promise<Readable> {
    const what = `blob ${this.name}@${digest}`;
    const res = await this.get(`${this.ref.repository}/blobs/${digest}`, "*/*", what, signal);
    const out = new PassThrough({ highWaterMark: 256 * 1024 });
    res.body.on("error", (e: unknown) => {
      out.destroy(asError(networkError(e, `${what}: the download broke off`, this.options.timeouts)));
    });
    out.on("close", () => {
      if (!res.body.destroyed) res.body.destroy();
    });
    res.body.pipe(out);
    return out;
  }

  /** The Authorization header value for pulling this repository, or null for anonymous access. */
  async pullAuthorization(signal?: AbortSignal): Promise<string | null> {
    const cached = this.options.authorization ?? this.auth.cached(this.scope);
    if (cached !== undefined) return cached;
    const url = await this.url("", signal);
    const res = await this.transport.send({ url, signal }, `${this.ref.registry}/v2/`);
    await res.body.dump();
    if (res.statusCode !== 401) return null;
    return this.auth.answer(headerValue(res.headers, "www-authenticate"), this.scope, signal);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** The registry's `errors[0]` as `: CODE message`, for one-line error messages. */
async function errorDetail(res: HttpResponse): Promise<string> {
  try {
    const text = (await res.body.text()).slice(0, 4096);
    const json: unknown = JSON.parse(text);
    if (typeof json === "object" && json !== null && "errors" in json && Array.isArray(json.errors)) {
      const first: unknown = json.errors[0];
      if (typeof first === "object" && first !== null) {
        const code = "code" in first ? String(first.code) : "";
        const message = "message" in first ? String(first.message) : "";
        return `: ${[code, message].filter(Boolean).join(" ")}`.replace(/\s+/g, " ");
      }
    }
  } catch {
    // no readable error body
  }
  return "";
}

async function readLimited(res: HttpResponse, limit: number, what: string, timeouts: TimeoutOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size > limit) {
        res.body.destroy();
        throw new FatalError("REGISTRY_ERROR", `${what}: larger than ${limit} bytes`, "the registry returned an implausibly large document");
      }
      chunks.push(b);
    }
  } catch (e) {
    throw networkError(e, `${what}: the download broke off`, timeouts);
  }
  return Buffer.concat(chunks);
}
