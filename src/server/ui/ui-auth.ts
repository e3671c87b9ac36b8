import { createHash, timingSafeEqual } from "node:crypto";
import type {} from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import { verifyPsk, type PskAuth } from "../jwt.js";
import type { RouteGuard } from "../route-auth.js";

/** The session cookie's name; its path is /ui, so the Clair APIs never receive it. */
export const SESSION_COOKIE = "claro_ui";
/** A session lasts a working day; signing in again needs the key. */
export const SESSION_SECONDS = 12 * 3600;

/**
 * The cookie value is only its expiry, signed by @fastify/cookie (HMAC-SHA256) with the server's
 * authKey: a new key ends every session, and nothing secret is stored client-side.
 */
export function sessionValue(now = Date.now()): string {
  return `v1.${Math.floor(now / 1000) + SESSION_SECONDS}`;
}

/** Whether the request carries an unexpired session cookie signed with the current key. */
export function hasSession(req: FastifyRequest, now = Date.now()): boolean {
  const raw = req.cookies?.[SESSION_COOKIE];
  if (raw === undefined) return false;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return false;
  const m = /^v1\.(\d{1,12})$/.exec(unsigned.value);
  return m !== null && Number(m[1]) * 1000 > now;
}

/** Compares through hashes so the time taken says nothing about the key's length or prefix. */
export function sameKey(given: string, key: string): boolean {
  const h = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(h(given), h(key));
}

/**
 * Where to go after signing in: only a path of this dashboard. Anything else (another host,
 * `//evil`, a backslash that browsers read as a slash) falls back to /ui, so the login form
 * cannot be made into an open redirect.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || next.length > 2048) return "/ui";
  if (!/^\/ui(?:[/?]|$)/.test(next) || next.includes("//") || next.includes("\\") || /[\u0000-\u001f]/.test(next)) return "/ui";
  return next;
}

/**
 * The `ui` route class's guard when authKey is set: a valid session cookie, or the Clair PSK token
 * a script would send. A browser's page request without either goes to the login form; any other
 * request gets 401, so scripts see a status rather than a login page.
 */
export function uiGuard(psk: PskAuth): RouteGuard {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (hasSession(req)) return undefined;
    if (req.headers.authorization !== undefined && (await verifyPsk(req.headers.authorization, psk)) === null) return undefined;
    const wantsPage = (req.method === "GET" || req.method === "HEAD") && /\btext\/html\b/.test(req.headers.accept ?? "");
    if (wantsPage)
      return reply
        .code(303)
        .header("location", `/ui/login?next=${encodeURIComponent(safeNext(req.url))}`)
        .header("cache-control", "no-store")
        .send();
    return reply
      .code(401)
      .header("cache-control", "no-store")
      .type("text/plain; charset=utf-8")
      .send("unauthorized: sign in at /ui/login, or send the Clair PSK bearer token\n");
  };
}
