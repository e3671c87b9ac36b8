import { FatalError } from "../../core/problem.js";
import { createRequestGuard, type RequestGuard, type Resolver, type UrlPolicy } from "../url-guard.js";
import type { ClientOptions } from "./client.js";
import { dockerCredentials, type Credentials, type Env } from "./docker-config.js";
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, type ConnectorFactory, type RetryOptions, type TimeoutOptions } from "./transport.js";

export interface RegistryOptions {
  /** Explicit credentials (`--username/--password`, CLARO_USERNAME/CLARO_PASSWORD); win over docker's config. */
  readonly username?: string;
  readonly password?: string;
  /** Plain http and no TLS verification (`--insecure`). Loopback registries use http regardless. */
  readonly insecure?: boolean;
  /** Read `~/.docker/config.json` (or $DOCKER_CONFIG) for credentials; default true. */
  readonly dockerConfig?: boolean;
  /** Environment for DOCKER_CONFIG, HOME and PATH (credential helpers); default process.env. */
  readonly env?: Env;
  readonly timeouts?: Partial<TimeoutOptions>;
  readonly retry?: Partial<RetryOptions>;
  /**
   * A ready Authorization header value handed over by a caller that already holds access (Harbor's
   * `registry.authorization`, Klar's `Headers.Authorization`). `Bearer …` is sent as is; `Basic …`
   * is decoded into credentials so a token-auth registry's exchange still works.
   */
  readonly authorization?: string;
  /**
   * Builds the socket connector, so a server pulling for a client can vet each address it
   * connects to (`guardedConnector` in url-guard.ts); default: plain sockets.
   */
  readonly connector?: ConnectorFactory;
  /**
   * What every request may reach, the first URL and each redirect hop alike (a server's
   * `allowHosts`). Unset: any host but link-local and cloud-metadata addresses, which a registry
   * redirect must not make the client read. An explicit `connector` without a policy vets alone.
   */
  readonly urlPolicy?: UrlPolicy;
  /** Turns the default refusal of link-local and metadata addresses off (`--allow-metadata-hosts`). */
  readonly allowMetadataHosts?: boolean;
  /** DNS for the guard; default the system resolver. */
  readonly resolver?: Resolver;
}

const METADATA_HINT = "registries do not live at link-local or cloud-metadata addresses; pass --allow-metadata-hosts if this one really does";

/** The guard `options` ask for; undefined when connections are the caller's (or nobody's) to vet. */
export function guardFor(options: RegistryOptions): RequestGuard | undefined {
  const resolver = options.resolver !== undefined ? { resolver: options.resolver } : {};
  if (options.urlPolicy !== undefined) return createRequestGuard(options.urlPolicy, resolver);
  if (options.allowMetadataHosts === true || options.connector !== undefined) return undefined;
  return createRequestGuard({}, { ...resolver, hint: METADATA_HINT });
}

/**
 * Options from the environment: CLARO_USERNAME, CLARO_PASSWORD, CLARO_INSECURE (1/true) and
 * CLARO_REGISTRY_TIMEOUT (seconds, applied to connect, headers and body idle).
 */
export function registryOptionsFromEnv(env: Env = process.env): RegistryOptions {
  const timeout = env["CLARO_REGISTRY_TIMEOUT"];
  let timeouts: Partial<TimeoutOptions> | undefined;
  if (timeout !== undefined && timeout !== "") {
    const s = Number(timeout);
    if (!Number.isFinite(s) || s <= 0) {
      throw new FatalError("CONFIG_INVALID", `CLARO_REGISTRY_TIMEOUT='${timeout}' is not a positive number of seconds`, "set it to e.g. 30, or unset it");
    }
    timeouts = { connectMs: s * 1000, headersMs: s * 1000, bodyIdleMs: s * 1000 };
  }
  const insecure = env["CLARO_INSECURE"];
  return {
    ...(env["CLARO_USERNAME"] ? { username: env["CLARO_USERNAME"] } : {}),
    ...(env["CLARO_PASSWORD"] !== undefined ? { password: env["CLARO_PASSWORD"] } : {}),
    ...(insecure === "1" || insecure?.toLowerCase() === "true" ? { insecure: true } : {}),
    ...(timeouts ? { timeouts } : {}),
    env,
  };
}

export function clientOptions(registry: string, options: RegistryOptions): ClientOptions {
  if ((options.username === undefined) !== (options.password === undefined)) {
    throw new FatalError(
      "CONFIG_INVALID",
      options.username === undefined ? "a password was given without a username" : "a username was given without a password",
      "pass both --username and --password (or CLARO_USERNAME and CLARO_PASSWORD)",
    );
  }
  const given = options.authorization?.trim();
  const basic = given !== undefined && /^basic\s/i.test(given) ? decodeBasic(given) : null;
  const explicit: Credentials | null =
    options.username !== undefined && options.password !== undefined ? { username: options.username, password: options.password } : basic;
  const env = options.env ?? process.env;
  const useConfig = options.dockerConfig ?? true;
  return {
    insecure: options.insecure ?? false,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    retry: { ...DEFAULT_RETRY, ...options.retry },
    credentials: async () => explicit ?? (useConfig && given === undefined ? dockerCredentials(registry, env) : null),
    ...(given !== undefined && basic === null ? { authorization: given } : {}),
    ...(options.connector !== undefined ? { connector: options.connector } : {}),
    ...withGuard(guardFor(options)),
  };
}

function withGuard(guard: RequestGuard | undefined): { guard?: RequestGuard } {
  return guard === undefined ? {} : { guard };
}

function decodeBasic(header: string): Credentials | null {
  const plain = Buffer.from(header.replace(/^basic\s+/i, ""), "base64").toString("utf8");
  const colon = plain.indexOf(":");
  return colon < 0 ? null : { username: plain.slice(0, colon), password: plain.slice(colon + 1) };
}
