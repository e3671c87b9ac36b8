import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { FatalError } from "../core/problem.js";

/**
 * Which layer URLs a server may fetch. A manifest is attacker-controlled input, so an unchecked
 * `uri` lets a client make the server read cloud metadata or internal services (SSRF).
 */
export interface UrlPolicy {
  /** Allowed schemes, without the colon; default http and https. */
  readonly schemes?: readonly string[];
  /**
   * Host names or addresses (optionally `host:port`) that may be fetched. When set, nothing else
   * is, loopback included. When unset, any host whose addresses pass the built-in deny list.
   */
  readonly allowHosts?: readonly string[];
}

export type Resolver = (hostname: string) => Promise<readonly { address: string; family: number }[]>;
export type VettedAddresses = readonly { address: string; family: number }[];

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Link-local (where cloud metadata lives) and the AWS IPv6 metadata address, always refused. */
const DENY = new BlockList();
DENY.addSubnet("169.254.0.0", 16, "ipv4");
DENY.addSubnet("fe80::", 10, "ipv6");
DENY.addAddress("fd00:ec2::254", "ipv6");
DENY.addAddress("0.0.0.0", "ipv4");
DENY.addAddress("::", "ipv6");

/** True when `address` is on the built-in deny list (IPv4-mapped IPv6 is checked as IPv4). */
export function isDeniedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return DENY.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return DENY.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Checks a layer URL before any connection: scheme, allow-list, and every address the host name
 * resolves to. Resolves with the vetted addresses, which the fetch then connects to, so a second
 * DNS answer (rebinding) cannot swap in another host.
 */
export async function checkUrl(
  raw: string,
  policy: UrlPolicy,
  resolve: Resolver = systemResolver,
  label = "layer uri",
): Promise<{ url: URL; addresses: readonly { address: string; family: number }[] }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FatalError("URL_FORBIDDEN", `${label} ${JSON.stringify(raw)} is not a URL`);
  }
  const schemes = policy.schemes ?? ["http", "https"];
  const scheme = url.protocol.replace(/:$/, "");
  if (!schemes.includes(scheme)) {
    throw new FatalError(
      "URL_FORBIDDEN",
      `${label} scheme ${scheme}: is not allowed (allowed: ${schemes.join(", ")})`,
      "use an http(s) URL or extend the server's allowed schemes",
    );
  }
  if (url.username !== "" || url.password !== "") throw new FatalError("URL_FORBIDDEN", `${label} carries credentials; pass them in the layer headers`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (policy.allowHosts !== undefined) {
    const withPort = `${host}:${url.port || (scheme === "https" ? "443" : "80")}`;
    if (!policy.allowHosts.some((h) => h === host || h === withPort || h === url.host)) {
      throw new FatalError("URL_FORBIDDEN", `${label} host ${url.host} is not on the server's allow-list`, "add it to the server's allowed hosts");
    }
  }
  const addresses = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await resolveOrFail(host, resolve, label);
  for (const a of addresses) {
    if (isDeniedAddress(a.address)) {
      throw new FatalError(
        "URL_FORBIDDEN",
        `${label} host ${host} resolves to ${a.address}, a link-local or cloud-metadata address`,
        "layers must come from a registry, not from the server's own network",
      );
    }
  }
  return { url, addresses };
}

async function resolveOrFail(host: string, resolve: Resolver, label = "layer uri"): Promise<readonly { address: string; family: number }[]> {
  try {
    const found = await resolve(host);
    if (found.length === 0) throw new Error("no addresses");
    return found;
  } catch (e) {
    throw new FatalError("NETWORK", `cannot resolve ${label} host ${host}: ${e instanceof Error ? e.message : String(e)}`, undefined, { cause: e });
  }
}

/**
 * Vets each URL an HTTP client is about to request (the first one, every redirect hop, a token
 * realm) and pins the connection to the addresses it vetted, so no hop reaches a host the
 * policy refuses and no second DNS answer swaps one in.
 */
export interface RequestGuard {
  /**
   * Resolves once `url` may be requested; URL_FORBIDDEN (or NETWORK) before any connection.
   * `what` names the operation and `label` the URL's role (e.g. "redirect target") in the message.
   */
  vet(url: URL, what: string, label?: string): Promise<void>;
  readonly connector: (base: buildConnector.BuildOptions) => buildConnector.connector;
}

export interface RequestGuardOptions {
  readonly resolver?: Resolver;
  /** Replaces the hint of a refusal, to name the caller's own way out (a CLI flag). */
  readonly hint?: string;
}

export function createRequestGuard(policy: UrlPolicy, options: RequestGuardOptions = {}): RequestGuard {
  const resolve = options.resolver ?? systemResolver;
  const pins = new Map<string, VettedAddresses>();
  return {
    async vet(url, what, label = "request") {
      try {
        const { addresses } = await checkUrl(url.href, policy, resolve, label);
        pins.set(url.hostname.replace(/^\[|\]$/g, "").toLowerCase(), addresses);
      } catch (e) {
        if (!(e instanceof FatalError)) throw e;
        const hint = e.code === "URL_FORBIDDEN" ? (options.hint ?? e.hint) : e.hint;
        throw new FatalError(e.code, `${what}: ${e.message}`, hint, { cause: e });
      }
    },
    connector: guardedConnector(pins, resolve),
  };
}

function deniedError(host: string, address: string): FatalError {
  return new FatalError(
    "URL_FORBIDDEN",
    `host ${host} resolves to ${address}, a link-local or cloud-metadata address`,
    "layers must come from a registry, not from the server's own network",
  );
}

/**
 * An undici socket connector that vets the address each connection really goes to. A host in
 * `pins` (lower-case name → addresses `checkUrl` already vetted) connects to those addresses and
 * DNS is not asked again, so a rebinding answer cannot swap the host between check and connect.
 * Any other host (a token realm, a blob-storage redirect) is resolved once at connect time and
 * refused when an answer is on the deny list; address literals are checked without DNS.
 */
export function guardedConnector(
  pins: ReadonlyMap<string, VettedAddresses> = new Map(),
  resolve: Resolver = systemResolver,
): (base: buildConnector.BuildOptions) => buildConnector.connector {
  return (base: buildConnector.BuildOptions): buildConnector.connector => {
    const lookup: LookupFunction = (hostname, options, callback) => {
      const pinned = pins.get(hostname.toLowerCase());
      const vetted =
        pinned !== undefined
          ? Promise.resolve(pinned)
          : resolveOrFail(hostname, resolve).then((found) => {
              const bad = found.find((a) => isDeniedAddress(a.address));
              if (bad !== undefined) throw deniedError(hostname, bad.address);
              return found;
            });
      vetted.then(
        (found) => {
          if (options.all === true)
            callback(
              null,
              found.map((a): LookupAddress => ({ address: a.address, family: a.family })),
            );
          else callback(null, found[0]!.address, found[0]!.family);
        },
        (e: unknown) => callback(e as NodeJS.ErrnoException, "", 0),
      );
    };
    const inner = buildConnector({ ...base, lookup } as buildConnector.BuildOptions);
    return (opts, callback) => {
      const host = opts.hostname.replace(/^\[|\]$/g, "");
      // net.connect skips the lookup for an address literal, so it is checked here.
      if (isIP(host) !== 0 && isDeniedAddress(host)) return callback(deniedError(host, host), null);
      inner(opts, callback);
    };
  };
}
