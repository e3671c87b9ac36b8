import fastifySwagger from "@fastify/swagger";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import type { UrlPolicy } from "../image/url-guard.js";
import type { IndexSettings, ServerDeps } from "./index-service.js";
import type { IndexQueue } from "./jobs/index-queue.js";
import { DEFAULT_INDEX_POOL, IndexPool, type IndexPoolOptions } from "./jobs/index-pool.js";
import { verifyPsk, type PskAuth } from "./jwt.js";
import { handleFrameworkError, installDialectErrors } from "./error-dialect.js";
import { Metrics } from "./metrics.js";
import { registerClairRoutes } from "./clair-v4/routes.js";
import { registerClairInternalRoutes } from "./clair-v4/internal-routes.js";
import { registerNotifierRoutes } from "./notifier/routes.js";
import type { Notifier } from "./notifier/notifier.js";
import { registerClairV2Routes } from "./clair-v2/routes.js";
import { harborGuard, registerHarborRoutes, type HarborScanOptions } from "./harbor/routes.js";
import { installRouteGuards } from "./route-auth.js";
import { MEDIA } from "./clair-v4/schemas.js";
import type { VersionOrder } from "../contracts/reporter.js";
import { registerUiRoutes } from "./ui/ui-routes.js";
import { uiGuard } from "./ui/ui-auth.js";

export interface ServerConfig {
  /** Largest request body, bytes. */
  readonly bodyLimit: number;
  readonly maxLayerBytes: number;
  readonly layerTimeoutMs: number;
  readonly maxFileSize: number;
  readonly urlPolicy: UrlPolicy;
  /** PSK-JWT auth of the Clair routes; null leaves them open. */
  readonly auth: PskAuth | null;
  /** pino logging; false in tests. */
  readonly logger: boolean | { readonly level: string };
  /**
   * The Authorization value Harbor was registered with (`Bearer TOKEN` or `Basic BASE64`); absent:
   * the Harbor /api/v1 routes are open.
   */
  readonly harborAuth?: string;
  /** Lease and attempt cap of Harbor scan jobs taken over from dead instances; absent: the defaults. */
  readonly harborScan?: HarborScanOptions;
  /** Periodic updates, notifications and webhooks (issue 3 §5); absent: none of it. */
  readonly notifier?: Notifier;
  /** The index job queue (issue 3 §5); absent: an in-process one (a single instance). */
  readonly indexQueue?: IndexQueue;
  /** Index work at once and admitted waiting, over all three APIs (issue 9 §7); absent: the defaults. */
  readonly indexPool?: IndexPoolOptions;
  /** Each ecosystem's version order for the /ui dashboard's remediation and diff; absent: segment by segment. */
  readonly versionOrder?: VersionOrder;
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  bodyLimit: 1 << 20,
  maxLayerBytes: 2 * 1024 ** 3,
  layerTimeoutMs: 300_000,
  maxFileSize: 256 << 20,
  urlPolicy: {},
  auth: null,
  logger: { level: "info" },
};

/** The Clair-compatible service. Stores are owned by the caller, which closes them after `app.close()`. */
export async function buildServer(deps: ServerDeps, config: ServerConfig): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    logger: config.logger === false ? false : { level: config.logger === true ? "info" : config.logger.level },
    requestIdHeader: "x-request-id",
    // One access line per request (below) instead of fastify's two: half the log work under load.
    // Through a LogController and routerOptions: the top-level options print FSTDEP023/FSTDEP022 at every start.
    logController: new LogController({ disableRequestLogging: true }),
    // Clair v2 layer names are caller-chosen; Klar's are 128 hex characters.
    routerOptions: { maxParamLength: 1024 },
    frameworkErrors: handleFrameworkError,
  });
  const metrics = new Metrics();
  const pool = new IndexPool(config.indexPool ?? DEFAULT_INDEX_POOL, metrics);
  const settings: IndexSettings = {
    urlPolicy: config.urlPolicy,
    maxLayerBytes: config.maxLayerBytes,
    layerTimeoutMs: config.layerTimeoutMs,
    maxFileSize: config.maxFileSize,
  };

  await app.register(fastifySwagger, { openapi: { info: { title: "claro (Clair v4 compatible)", version: "1.2.0" } } });
  // Clair accepts its vendor type and plain JSON alike.
  app.addContentTypeParser(MEDIA.manifest, { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));
  // No API here takes text: without this, a text/plain body would reach validation (400) instead
  // of the documented 415 on the Clair v4, v2 and Harbor routes alike.
  app.removeContentTypeParser("text/plain");

  const psk = config.auth;
  installRouteGuards(app, {
    clair:
      psk === null
        ? null
        : async (req, reply) => {
            const why = await verifyPsk(req.headers.authorization, psk);
            if (why !== null) return reply.code(401).type(MEDIA.error).send({ code: "unauthorized", message: why });
            return undefined;
          },
    harbor: config.harborAuth === undefined ? null : harborGuard(config.harborAuth),
    ui: psk === null ? null : uiGuard(psk),
    public: null,
  });
  // Once closing, every response ends its connection: fastify closes the sockets idle at the
  // start of close(), and a keep-alive socket that goes idle later would hold the exit for the
  // keep-alive timeout (about 72 s measured).
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_req, reply) => {
    if (closing) reply.header("connection", "close");
  });
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    metrics.inc("claro_http_requests_total", "HTTP requests by route and status", labels);
    metrics.observe("claro_http_request_duration_seconds", "HTTP request durations by route and status", labels, reply.elapsedTime / 1000);
    req.log.info({ method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, "request");
  });

  // One mapping to each dialect's error format, the framework's own errors included (issue 9 §14).
  installDialectErrors(app);

  app.get("/healthz", { schema: { hide: true } }, async () => ({ ok: true }));
  app.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.indexStore.ping();
      await deps.advisoryStore.countAdvisories();
      return { ready: true };
    } catch (e) {
      return reply.code(503).send({ ready: false, message: e instanceof Error ? e.message : String(e) });
    }
  });
  app.get("/metrics", { schema: { hide: true } }, async (_req, reply) => reply.type(metrics.contentType).send(await metrics.render()));
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  registerClairRoutes(app, deps, settings, metrics, pool, config.indexQueue);
  registerClairInternalRoutes(app, deps);
  if (config.notifier) registerNotifierRoutes(app, config.notifier, metrics);
  registerClairV2Routes(app, deps, settings, pool);
  registerHarborRoutes(app, deps, settings, metrics, pool, config.harborScan);
  await registerUiRoutes(app, deps, { auth: psk, notifier: config.notifier, versionOrder: config.versionOrder });
  return app;
}
