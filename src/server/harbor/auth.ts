import { createHash, timingSafeEqual } from "node:crypto";

/** What Harbor may be registered with: the whole Authorization header value it then sends. */
export const HARBOR_AUTH_PATTERN = /^(Basic|Bearer)\s+\S+$/i;

const digest = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest();
/** The scheme is case-insensitive (RFC 9110 §11.1), the credential is not. */
const normalise = (value: string): string => {
  const m = /^(\S+)\s+(\S+)$/.exec(value.trim());
  return m ? `${m[1]!.toLowerCase()} ${m[2]!}` : value.trim();
};

/**
 * Checks a Harbor request against the configured credential (`Bearer TOKEN` or `Basic BASE64`):
 * Harbor sends it as `Authorization`, or, registered with the "X-ScannerAdapter-API-Key" scheme, as
 * that header holding the bare token. Null when accepted; otherwise why not. Both sides are hashed
 * before a constant-time compare, so neither content nor length leaks through timing.
 */
export function checkHarborAuth(configured: string, headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  const want = digest(normalise(configured));
  const header = (name: string): string | undefined => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const given = header("authorization");
  const apiKey = header("x-scanneradapter-api-key");
  const bearer = /^bearer\s/i.test(configured.trim());
  const candidate = given !== undefined ? normalise(given) : bearer && apiKey !== undefined ? `bearer ${apiKey.trim()}` : undefined;
  if (candidate === undefined) return "missing Authorization header";
  return timingSafeEqual(digest(candidate), want) ? null : "invalid credentials";
}

/** The challenge for a 401, in the configured scheme. */
export function harborChallenge(configured: string): string {
  return `${/^basic\s/i.test(configured.trim()) ? "Basic" : "Bearer"} realm="claro"`;
}
