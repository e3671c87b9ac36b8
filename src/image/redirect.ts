import { FatalError } from "../core/problem.js";

/**
 * Redirects are followed by hand, never by the HTTP library, so each hop can be vetted by the URL
 * guard and pinned to the addresses it checked before anything connects to it.
 */
export const MAX_REDIRECTS = 5;

const REDIRECT_CODES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The next hop of a response, or null when it is not a redirect (or has no Location). */
export function redirectTarget(statusCode: number, location: string | string[] | undefined, from: URL, what: string): URL | null {
  const value = Array.isArray(location) ? location[0] : location;
  if (!REDIRECT_CODES.has(statusCode) || value === undefined) return null;
  try {
    return new URL(value, from);
  } catch {
    throw new FatalError(
      "REGISTRY_ERROR",
      `${what}: HTTP ${statusCode} redirects to an invalid location ${JSON.stringify(value.slice(0, 200))}`,
      "the registry or its storage is misconfigured",
    );
  }
}

/** Refuses a hop past the limit: a redirect loop must not keep a scan busy forever. */
export function checkHopLimit(hop: number, what: string): void {
  if (hop >= MAX_REDIRECTS) {
    throw new FatalError("REGISTRY_ERROR", `${what}: more than ${MAX_REDIRECTS} redirects`, "the registry or its storage is misconfigured");
  }
}

/** Credentials never follow a redirect to another origin (blob storage, or a hostile hop). */
export function headersForHop(headers: Readonly<Record<string, string>>, from: URL, to: URL): Record<string, string> {
  if (to.origin === from.origin) return { ...headers };
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "authorization"));
}
