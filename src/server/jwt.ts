import { errors, jwtVerify, SignJWT } from "jose";

/** Clair's PSK auth: HS256 with a pre-shared key (base64) and allow-listed issuers. */
export interface PskAuth {
  readonly key: string;
  readonly issuers: readonly string[];
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Null when the bearer token is valid; otherwise why not (for the 401 body). jose checks the
 * signature before any claim, takes HS256 only (no `none`, no other algorithm named in the
 * header), and rejects `exp` at or before now and `nbf` after it, with no clock tolerance.
 */
export async function verifyPsk(authorization: string | undefined, auth: PskAuth, now = Date.now()): Promise<string | null> {
  const m = BEARER.exec(authorization ?? "");
  if (!m) return "missing or malformed bearer token";
  try {
    await jwtVerify(m[1]!, Buffer.from(auth.key, "base64"), { algorithms: ["HS256"], issuer: [...auth.issuers], currentDate: new Date(now) });
    return null;
  } catch (e) {
    return reason(e);
  }
}

/** The 401 text for each way jose refuses a token; the messages predate jose and stay. */
function reason(e: unknown): string {
  if (e instanceof errors.JOSEAlgNotAllowed) return "token algorithm must be HS256";
  if (e instanceof errors.JWSSignatureVerificationFailed) return "token signature is invalid";
  if (e instanceof errors.JWTExpired) return "token has expired";
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "iss") return "token issuer is not allowed";
    if (e.claim === "nbf") return "token is not valid yet";
    return `token claim ${e.claim} is invalid`;
  }
  if (e instanceof errors.JWTInvalid) return "token claims are not JSON";
  if (e instanceof errors.JOSEError) return "missing or malformed bearer token";
  throw e;
}

/** Makes an HS256 token (tests and clients). */
export function signPsk(claims: Readonly<Record<string, unknown>>, keyBase64: string): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(Buffer.from(keyBase64, "base64"));
}
