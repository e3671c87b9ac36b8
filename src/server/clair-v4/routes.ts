import type { FastifyInstance, FastifyReply } from "fastify";
import type { Digest } from "../../core/digest.js";
import type { StoredIndex } from "../../contracts/index-store.js";
import type { ClairManifest } from "../../image/clair-manifest-source.js";
import { vulnerabilityFindings } from "../../app/match.js";
import { toClairIndexReport, toClairVulnerabilityReport } from "./shape.js";
import { currentIndexState, indexManifest, type IndexSettings, type ServerDeps } from "../index-service.js";
import { IndexQueueClosed, indexThroughQueue, LocalIndexQueue, type IndexQueue } from "../jobs/index-queue.js";
import { POOL_RETRY_AFTER_SECONDS, type IndexPool } from "../jobs/index-pool.js";
import type { Metrics } from "../metrics.js";
import { cachedGeneration, ResponseCache } from "../response-cache.js";
import { DigestParams, ErrorSchema, IndexReportSchema, IndexStateSchema, ManifestSchema, MEDIA, type DigestParamsT, type ManifestBody } from "./schemas.js";

const PREFIX = "/indexer/api/v1";

/** How long requests waiting on a job may still see it end (on another instance) after SIGTERM. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Clair v4 indexer and matcher routes (landscape-and-apis §2b). Index work goes through `queue`
 * (issue 3 §5): in-process by default, PostgreSQL-backed when instances share a database.
 */
export function registerClairRoutes(
  app: FastifyInstance,
  deps: ServerDeps,
  settings: IndexSettings,
  metrics: Metrics,
  pool: IndexPool,
  queue: IndexQueue = new LocalIndexQueue(),
): void {
  const notFound = (digest: string): { code: string; message: string } => ({ code: "not-found", message: `manifest ${digest} is not indexed` });
  const indexReports = new ResponseCache();
  const vulnerabilityReports = new ResponseCache();
  const advisoryGeneration = cachedGeneration(() => deps.advisoryStore.generation());
  const renderIndexReport = async (digest: Digest, version: string): Promise<Buffer | null> => {
    const stored = await deps.indexStore.get(digest);
    if (stored === null || stored.state !== "IndexFinished") return null;
    const body = Buffer.from(JSON.stringify(toClairIndexReport(stored)));
    indexReports.set(digest, version, body);
    return body;
  };
  const indexed = (reply: FastifyReply, digest: Digest): FastifyReply =>
    reply
      .code(201)
      .type(MEDIA.indexReport)
      .header("location", `${PREFIX}/index_report/${digest}`)
      .header("link", `<${PREFIX}/index_report/${digest}>; rel="alternate"`);

  app.addHook("onReady", async () => {
    // The queue's workers run their jobs in the shared index pool's slots (issue 9 §7).
    await queue.start({ run: (m) => pool.slot(() => indexManifest(deps, settings, m, metrics)), read: (d) => deps.indexStore.get(d), metrics, log: app.log });
  });
  // preClose runs before fastify waits for in-flight requests: running jobs go back to the queue first.
  app.addHook("preClose", async () => {
    await queue.drain(SHUTDOWN_GRACE_MS);
  });
  app.addHook("onClose", async () => queue.close());

  app.post<{ Body: ManifestBody }>(
    `${PREFIX}/index_report`,
    {
      schema: { tags: ["indexer"], body: ManifestSchema, response: { 201: IndexReportSchema, 400: ErrorSchema, 415: ErrorSchema, 503: ErrorSchema } },
      // Before body parsing: fastify would otherwise parse text/plain and fail validation with 400.
      onRequest: async (req, reply) => {
        const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
        if (type !== MEDIA.manifest && type !== "application/json") {
          return reply
            .code(415)
            .type(MEDIA.error)
            .send({ code: "unsupported-media-type", message: `content type ${JSON.stringify(type)} is not ${MEDIA.manifest} or application/json` });
        }
      },
    },
    async (req, reply) => {
      // The schema has checked both digests' pattern; the casts only restate it for the type.
      const manifest: ClairManifest = { hash: req.body.hash as Digest, layers: req.body.layers.map((l) => ({ ...l, hash: l.hash as Digest })) };
      // A manifest the current scanners finished: answered from its stamp and the rendered cache.
      const stamp = await deps.indexStore.stamp(manifest.hash);
      if (stamp !== null && stamp.state === "IndexFinished" && stamp.indexState === currentIndexState(deps)) {
        const body = indexReports.get(manifest.hash, stamp.updatedAt) ?? (await renderIndexReport(manifest.hash, stamp.updatedAt));
        if (body !== null) {
          metrics.inc("claro_index_jobs_total", "Index requests by outcome", { outcome: "cached" });
          return indexed(reply, manifest.hash).send(body);
        }
      }
      // A request waiting on its job counts against the pool's queue limit; past it, 503.
      const admission = pool.admit();
      if (admission === null) {
        return reply
          .code(503)
          .header("retry-after", String(POOL_RETRY_AFTER_SECONDS))
          .type(MEDIA.error)
          .send({ code: "too-busy", message: "the server is indexing and queueing as many manifests as it takes; retry later" });
      }
      let stored: StoredIndex;
      try {
        stored = await admission.hold(indexThroughQueue(queue, deps, manifest, metrics));
      } catch (e) {
        if (!(e instanceof IndexQueueClosed)) throw e;
        return reply.code(503).header("retry-after", "5").header("connection", "close").type(MEDIA.error).send({ code: "shutting-down", message: e.message });
      }
      return indexed(reply, stored.manifest).send(toClairIndexReport(stored));
    },
  );

  app.get<{ Params: DigestParamsT }>(
    `${PREFIX}/index_report/:digest`,
    { schema: { tags: ["indexer"], params: DigestParams, response: { 200: IndexReportSchema, 404: ErrorSchema } } },
    async (req, reply) => {
      const stored = await deps.indexStore.get(req.params.digest as Digest);
      if (stored === null) return reply.code(404).type(MEDIA.error).send(notFound(req.params.digest));
      return reply.type(MEDIA.indexReport).send(toClairIndexReport(stored));
    },
  );

  app.delete<{ Params: DigestParamsT }>(
    `${PREFIX}/index_report/:digest`,
    { schema: { tags: ["indexer"], params: DigestParams, response: { 404: ErrorSchema } } },
    async (req, reply) => {
      const deleted = await deps.indexStore.delete(req.params.digest as Digest);
      if (!deleted) return reply.code(404).type(MEDIA.error).send(notFound(req.params.digest));
      return reply.code(204).send();
    },
  );

  app.get(`${PREFIX}/index_state`, { schema: { tags: ["indexer"], response: { 200: IndexStateSchema, 304: { type: "null" } } } }, async (req, reply) => {
    const state = currentIndexState(deps);
    const etag = `"${state}"`;
    reply.header("etag", etag);
    if (req.headers["if-none-match"] === etag) return reply.code(304).send();
    return reply.type(MEDIA.indexState).send({ state });
  });

  app.get<{ Params: DigestParamsT }>(
    "/matcher/api/v1/vulnerability_report/:digest",
    { schema: { tags: ["matcher"], params: DigestParams, response: { 404: ErrorSchema } } },
    async (req, reply) => {
      const digest = req.params.digest as Digest;
      // Versions are read before the data: a report rendered from newer data than its version says
      // is only re-rendered once more. The advisory generation may lag a commit by its TTL.
      const [stamp, generation] = await Promise.all([deps.indexStore.stamp(digest), advisoryGeneration()]);
      if (stamp === null || stamp.state !== "IndexFinished") return reply.code(404).type(MEDIA.error).send(notFound(digest));
      const version = `${stamp.updatedAt}|${generation}`;
      let body = vulnerabilityReports.get(digest, version);
      if (body === undefined) {
        const stored = await deps.indexStore.get(digest);
        if (stored === null || stored.state !== "IndexFinished" || stored.report === null) return reply.code(404).type(MEDIA.error).send(notFound(digest));
        const findings = await vulnerabilityFindings(stored.report, deps.matchers, deps.advisoryStore);
        body = Buffer.from(JSON.stringify(toClairVulnerabilityReport(stored, findings)));
        vulnerabilityReports.set(digest, version, body);
      }
      return reply.code(201).type(MEDIA.vulnerabilityReport).send(body);
    },
  );
}
