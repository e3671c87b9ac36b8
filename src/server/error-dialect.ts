import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isFatalError, type FatalCode } from "../core/problem.js";
import { HARBOR_MEDIA } from "./harbor/schemas.js";
import { guardedRoutes } from "./route-auth.js";
import { MEDIA } from "./clair-v4/schemas.js";

/** The three error formats the server speaks: Clair v4 `{code, message}`, Clair v2 `{"Error":{"Message"}}`, Harbor `{"error":{"message"}}`. */
export type Dialect = "clair" | "clair-v2" | "harbor";

export const V2_JSON_TYPE = "application/json;charset=utf-8";

/** The dialect of a route pattern, or of an unmatched URL path (only errors are formatted by it, nothing is authorised by it). */
export function dialectOfPath(path: string): Dialect {
  if (/^\/v1(\/|$)/.test(path)) return "clair-v2";
  if (/^\/api\/v1(\/|$)/.test(path)) return "harbor";
  return "clair";
}

function pathOf(url: string): string {
  const raw = url.split(/[?#]/)[0] ?? "";
  try {
    // decodeURI keeps %2F encoded, as the router does, so `/v1%2Flayers` is not taken for `/v1/layers`.
    return decodeURI(raw);
  } catch {
    return raw;
  }
}

/** The matched route's pattern decides; the not-found route and framework errors have none, so the URL does. */
export function dialectOf(req: FastifyRequest): Dialect {
  const pattern = req.routeOptions.url;
  return dialectOfPath(pattern !== undefined && !pattern.includes("*") ? pattern : pathOf(req.url));
}

/** Sends an error in `dialect`'s body and media type. `code` is Clair v4's stable code (the others have none). */
export function sendDialectError(reply: FastifyReply, dialect: Dialect, status: number, code: string, message: string): FastifyReply {
  reply.code(status);
  const [type, body] =
    dialect === "clair-v2"
      ? [V2_JSON_TYPE, { Error: { Message: message } }]
      : dialect === "harbor"
        ? [HARBOR_MEDIA.error, { error: { message } }]
        : [MEDIA.error, { code, message }];
  if (dialect === "clair-v2") reply.header("server", "clair");
  // A Buffer is sent as is: a string or object would have its media type rewritten by fastify
  // (Harbor's `version` quoted, a charset added), and Harbor compares it verbatim. This also
  // holds for framework errors, which run no onSend hook that could put it back.
  return reply.header("content-type", type).send(Buffer.from(JSON.stringify(body)));
}

/** HTTP status for a FatalError raised while serving a request. */
const STATUS: Partial<Record<FatalCode, number>> = {
  URL_FORBIDDEN: 400,
  FILE_TOO_LARGE: 422,
  DIGEST_MISMATCH: 422,
  LAYER_CORRUPT: 422,
  ARCHIVE_CORRUPT: 422,
  PACKAGE_DB_REJECTED: 422,
  REGISTRY_NOT_FOUND: 422,
  REGISTRY_UNAUTHORIZED: 422,
  REGISTRY_ERROR: 502,
  NETWORK: 502,
  TIMEOUT: 504,
};

/** Stable `code`s for the framework's own client errors. */
const CLIENT_CODES: Readonly<Record<number, string>> = {
  400: "bad-request",
  404: "not-found",
  405: "method-not-allowed",
  413: "too-large",
  414: "uri-too-long",
  415: "unsupported-media-type",
};

/**
 * The server-wide error handler: every error no dialect scope answered itself (errors of the
 * not-found route, of root hooks, of Clair v4 routes), in the request's dialect.
 */
export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const dialect = dialectOf(req);
  if (isFatalError(err)) {
    const status = STATUS[err.code] ?? 500;
    if (status >= 500) req.log.error({ err }, "request failed");
    return sendDialectError(reply, dialect, status, err.code, err.message);
  }
  const fe = err as FastifyError;
  const status = fe.statusCode !== undefined && fe.statusCode >= 400 ? fe.statusCode : 500;
  if (status >= 500) req.log.error({ err }, "request failed");
  const code = fe.validation ? "bad-request" : (CLIENT_CODES[status] ?? fe.code ?? "internal");
  const message =
    code === "unsupported-media-type"
      ? `content type ${JSON.stringify(req.headers["content-type"] ?? "")} is not supported here; send application/json`
      : err.message;
  return sendDialectError(reply, dialect, status, code, status >= 500 ? "internal error" : message);
}

/**
 * Errors fastify raises before any route is chosen (the `frameworkErrors` option): a path
 * parameter over maxParamLength (414) and an undecodable URL (400). The path is not echoed: it
 * is what was too long.
 */
export function handleFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const dialect = dialectOf(req);
  if (err.code === "FST_ERR_MAX_PARAM_LENGTH") void sendDialectError(reply, dialect, 414, "uri-too-long", "a path segment of this URL is too long");
  else if (err.code === "FST_ERR_BAD_URL") void sendDialectError(reply, dialect, 400, "bad-request", "the URL path is not validly percent-encoded");
  else void sendDialectError(reply, dialect, 500, "internal", "internal error");
}

function patternRegex(pattern: string): RegExp {
  const parts = pattern.split(/(:[A-Za-z0-9_]+)/).map((p) => (p.startsWith(":") ? "[^/]+" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${parts.join("")}$`);
}

/**
 * Installs the server-wide error handling (issue 9 §14): every error in its request's dialect,
 * fastify's own included. The `frameworkErrors` option (handleFrameworkError) is set at creation.
 */
export function installDialectErrors(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundHandler(app));
}

/**
 * The not-found handler: 405 with `Allow` when the path names a route that has other methods
 * (fastify itself answers 404 there), otherwise 404; in the dialect of the URL.
 */
function notFoundHandler(app: FastifyInstance): (req: FastifyRequest, reply: FastifyReply) => FastifyReply {
  let table: { re: RegExp; methods: Set<string> }[] | null = null;
  return (req, reply) => {
    if (table === null) {
      const byUrl = new Map<string, Set<string>>();
      for (const r of guardedRoutes(app)) byUrl.set(r.url, (byUrl.get(r.url) ?? new Set()).add(r.method));
      table = [...byUrl].map(([url, methods]) => ({ re: patternRegex(url), methods }));
    }
    const path = pathOf(req.url);
    const dialect = dialectOf(req);
    const allowed = new Set(table.filter((t) => t.re.test(path)).flatMap((t) => [...t.methods]));
    if (allowed.size > 0 && !allowed.has(req.method)) {
      const allow = [...allowed].sort().join(", ");
      return sendDialectError(reply.header("allow", allow), dialect, 405, "method-not-allowed", `method ${req.method} is not allowed here; allowed: ${allow}`);
    }
    const message = dialect === "clair-v2" ? "the resource cannot be found" : `no route ${req.method} ${pathOf(req.url).slice(0, 200)}`;
    return sendDialectError(reply, dialect, 404, "not-found", message);
  };
}
