import { createHmac, timingSafeEqual } from "node:crypto";

/** Clair's PSK auth: HS256 with a pre-shared key (base64) and allow-listed issuers. */
export interface PskAuth {
  readonly key: string;
  readonly issuers: readonly string[];
}

/** Null when the bearer token is valid; otherwise why not (for the 401 body). */
export function verifyPsk(authorization: string | undefined, auth: PskAuth, now = Date.now()): string | null {
  const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!m) return "missing or malformed bearer token";
  const [, h, p, s] = m as unknown as [string, string, string, string];
  const header = parseJson(h);
  if (header === null || header["alg"] !== "HS256") return "token algorithm must be HS256";
  const want = createHmac("sha256", Buffer.from(auth.key, "base64")).update(`${h}.${p}`).digest();
  const got = Buffer.from(s, "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return "token signature is invalid";
  const claims = parseJson(p);
  if (claims === null) return "token claims are not JSON";
  const iss = claims["iss"];
  if (typeof iss !== "string" || !auth.issuers.includes(iss)) return "token issuer is not allowed";
  const seconds = now / 1000;
  if (typeof claims["exp"] === "number" && seconds >= claims["exp"]) return "token has expired";
  if (typeof claims["nbf"] === "number" && seconds < claims["nbf"]) return "token is not valid yet";
  return null;
}

/** Makes an HS256 token (tests and clients). */
export function signPsk(claims: Readonly<Record<string, unknown>>, keyBase64: string): string {
  const h = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const p = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const s = createHmac("sha256", Buffer.from(keyBase64, "base64")).update(`${h}.${p}`).digest("base64url");
  return `${h}.${p}.${s}`;
}

function parseJson(b64: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(b64, "base64url").toString("utf8"));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
