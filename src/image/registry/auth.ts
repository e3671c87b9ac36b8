import { z } from "zod";
import { FatalError } from "../../core/problem.js";
import type { Credentials } from "./docker-config.js";
import type { Transport } from "./transport.js";

export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (one challenge; quoted or token values). */
export function parseChallenge(header: string): Challenge | null {
  const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/gy;
  const rest = m[2] ?? "";
  let p: RegExpExecArray | null;
  while ((p = re.exec(rest)) !== null && p[0] !== "") {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : (p[3] ?? "");
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

const tokenResponse = z.object({
  token: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});

export function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, "utf8").toString("base64")}`;
}

export const UNAUTHORIZED_HINT = "wrong credentials? pass --username/--password (or CLARO_USERNAME/CLARO_PASSWORD) or run docker login";

/**
 * Turns registry challenges into Authorization header values and caches them per scope.
 * Credentials are looked up lazily, so anonymous pulls never read docker's config.
 */
export class Authenticator {
  private readonly cache = new Map<string, { header: string; expires: number }>();
  private credentials: Promise<Credentials | null> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly registry: string,
    private readonly findCredentials: () => Promise<Credentials | null>,
  ) {}

  private creds(): Promise<Credentials | null> {
    this.credentials ??= this.findCredentials();
    return this.credentials;
  }

  /** The header cached for `scope`, if any. */
  cached(scope: string): string | undefined {
    const hit = this.cache.get(scope);
    if (hit === undefined || hit.expires <= Date.now()) return undefined;
    return hit.header;
  }

  /**
   * Answers a 401's `WWW-Authenticate`. Returns the header to retry with, or null when there is
   * nothing to retry with (no credentials for Basic, unknown scheme).
   */
  async answer(wwwAuthenticate: string | undefined, scope: string, signal?: AbortSignal): Promise<string | null> {
    const challenge = wwwAuthenticate === undefined ? null : parseChallenge(wwwAuthenticate);
    if (challenge === null) return null;
    if (challenge.scheme === "basic") {
      const c = await this.creds();
      if (c === null) return null;
      const header = basicHeader(c);
      this.cache.set(scope, { header, expires: Number.POSITIVE_INFINITY });
      return header;
    }
    if (challenge.scheme !== "bearer") return null;
    const realm = challenge.params["realm"];
    if (realm === undefined) return null;
    const token = await this.fetchToken(realm, challenge.params["service"], challenge.params["scope"] ?? scope, signal);
    this.cache.set(scope, { header: `Bearer ${token.value}`, expires: Date.now() + token.ttlMs });
    return `Bearer ${token.value}`;
  }

  private async fetchToken(realm: string, service: string | undefined, scope: string, signal?: AbortSignal): Promise<{ value: string; ttlMs: number }> {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new FatalError("REGISTRY_ERROR", `${this.registry}: the token realm '${realm}' is not a URL`, "the registry's auth configuration is broken");
    }
    if (service !== undefined) url.searchParams.set("service", service);
    url.searchParams.set("scope", scope);
    const c = await this.creds();
    const headers: Record<string, string> = { accept: "application/json" };
    if (c !== null) headers["authorization"] = basicHeader(c);
    const what = `${this.registry}: token request to ${url.host}`;
    const res = await this.transport.send({ url, headers, signal }, what);
    if (res.statusCode === 401 || res.statusCode === 403) {
      await res.body.dump();
      throw new FatalError("REGISTRY_UNAUTHORIZED", `${this.registry}: the token server refused the credentials (HTTP ${res.statusCode})`, UNAUTHORIZED_HINT);
    }
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new FatalError("REGISTRY_ERROR", `${what} failed with HTTP ${res.statusCode}`, "retry later; the registry's token service is failing");
    }
    const body = tokenResponse.safeParse(await res.body.json().catch(() => null));
    const value = body.success ? (body.data.token ?? body.data.access_token) : undefined;
    if (value === undefined || value === "") {
      throw new FatalError("REGISTRY_ERROR", `${what}: the response has no token`, "the registry's token service is misbehaving");
    }
    // Renew a little early; 60 s is the spec's default lifetime.
    const ttl = body.success && body.data.expires_in !== undefined ? body.data.expires_in : 60;
    return { value, ttlMs: Math.max(ttl - 10, 5) * 1000 };
  }
}
