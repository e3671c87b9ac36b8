import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { isFatalError } from "../../core/problem.js";
import type { IndexReport } from "../../core/report.js";
import { checkUrl } from "../../image/url-guard.js";
import { renderCycloneDx, renderSpdx } from "../../report/index.js";
import { inProcessHarborScans } from "../../app/stores.js";
import type { HarborScan, ScanLease } from "../../contracts/harbor-scan-store.js";
import { sendDialectError } from "../error-dialect.js";
import { checkHarborAuth, harborChallenge } from "./auth.js";
import type { RouteGuard } from "../route-auth.js";
import { artifactOf, runHarborScan } from "./scan-job.js";
import {
  HARBOR_MEDIA as M,
  HarborErrorSchema,
  ReportParams,
  ReportQuery,
  SBOM_MEDIA_TYPES,
  ScanRequestSchema,
  ScanResponseSchema,
  type SbomMediaType,
  type ScanRequest,
} from "./schemas.js";
import { HARBOR_SCANNER } from "./shape.js";
import { POOL_RETRY_AFTER_SECONDS, type Admission, type IndexPool } from "../jobs/index-pool.js";
import type { IndexSettings, ServerDeps } from "../index-service.js";
import type { Metrics } from "../metrics.js";

/**
 * Scan ids live this long (the spec lets the adapter choose): older jobs are deleted when a new
 * scan is accepted, and Harbor resubmits on the resulting 404.
 */
export const HARBOR_SCAN_TTL_MS = 24 * 3600_000;

/**
 * How scan jobs survive the instance running them: it renews a lease of `leaseMs` while the scan
 * runs; once the lease lapses (the instance died or shut down), the next report request on any
 * instance sharing the database takes the job over and runs it again from its stored request,
 * up to `maxAttempts` runs in all, after which the scan is reported failed.
 */
export interface HarborScanOptions {
  readonly leaseMs: number;
  readonly maxAttempts: number;
  /**
   * On shutdown, how long running scans may take to finish; those still running are then handed
   * back (claimable at once by another instance, not counted as an attempt). Default 3 s.
   */
  readonly shutdownGraceMs?: number;
}
export const DEFAULT_HARBOR_SCAN: HarborScanOptions = { leaseMs: 60_000, maxAttempts: 3, shutdownGraceMs: 3000 };
const RETRY_AFTER_SECONDS = 5;

const baseType = (v: string): string => v.split(";")[0]?.trim().toLowerCase() ?? "";
/**
 * The exact media type per reply, put back in onSend: fastify's send rewrites it (quoting
 * `version`, adding charset), and Harbor compares these strings verbatim.
 */
const exactType = new WeakMap<FastifyReply, string>();
const sendJson = (reply: FastifyReply, status: number, type: string, body: unknown): FastifyReply => {
  exactType.set(reply, type);
  return reply.code(status).header("content-type", type).send(JSON.stringify(body));
};
const sendError = (reply: FastifyReply, status: number, message: string): FastifyReply => sendDialectError(reply, "harbor", status, "", message);

type ReportKind = "harbor" | "security" | "sbom";

/** The report an Accept header asks for; a missing or wildcard Accept means the legacy Harbor 1.0 type. */
function reportKind(accept: string | undefined): ReportKind | null {
  if (accept === undefined || accept.trim() === "") return "harbor";
  const types = accept.split(",").map(baseType);
  if (types.includes(baseType(M.harborReport))) return "harbor";
  if (types.includes(baseType(M.securityReport))) return "security";
  if (types.includes(baseType(M.sbomReport))) return "sbom";
  return types.some((t) => t === "*/*" || t === "application/*") ? "harbor" : null;
}

/**
 * The guard of the /api/v1 routes when Harbor was registered with an Authorization value `auth`
 * (installed per route by route-auth.ts): 401 in Harbor's error format without it.
 */
export function harborGuard(auth: string): RouteGuard {
  return async (req, reply) => {
    const why = checkHarborAuth(auth, req.headers);
    if (why !== null) return sendError(reply.header("www-authenticate", harborChallenge(auth)), 401, why);
    return undefined;
  };
}

/** Harbor pluggable scanner adapter API v1.1/1.2 (landscape-and-apis §2c), under /api/v1. */
export function registerHarborRoutes(
  app: FastifyInstance,
  deps: ServerDeps,
  settings: IndexSettings,
  metrics: Metrics,
  pool: IndexPool,
  options: HarborScanOptions = DEFAULT_HARBOR_SCAN,
): void {
  void app.register(async (scope) => {
    const scans = deps.harborScans ?? inProcessHarborScans();
    /** Each running scan and the owner its lease is held under. */
    const running = new Map<Promise<void>, string>();
    const shutdown = new AbortController();
    // One owner per run: a run that lost its job (even to this same instance) writes nothing.
    const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const newLease = (): ScanLease => ({ owner: `${instance}:${randomUUID().slice(0, 8)}`, leaseMs: options.leaseMs });
    const run = (scan: Pick<HarborScan, "id" | "request">, lease: ScanLease, admission: Admission): void => {
      // Waiting for an index pool slot is not a dead instance: the lease is renewed until the run
      // starts (which renews it itself), so another instance does not take the job over meanwhile.
      const renew = setInterval(() => void scans.renew(scan.id, lease).catch(() => undefined), Math.max(50, Math.floor(options.leaseMs / 3)));
      const stopRenew = (): void => clearInterval(renew);
      shutdown.signal.addEventListener("abort", stopRenew, { once: true });
      const job = admission
        .run(async () => {
          stopRenew();
          // Still waiting at shutdown: the job was handed back, another instance runs it.
          if (shutdown.signal.aborted) return;
          await runHarborScan(scan.id, scan.request as ScanRequest, deps, settings, scans, metrics, { lease, stop: shutdown.signal });
        })
        .finally(() => {
          stopRenew();
          shutdown.signal.removeEventListener("abort", stopRenew);
          running.delete(job);
        });
      running.set(job, lease.owner);
    };
    // Graceful shutdown: leases stop being renewed, scans get a short grace to finish, and the
    // rest are handed back so another instance reruns them without waiting for a lease to lapse.
    // A handed-back run may still end later: it no longer owns the row, so it writes nothing.
    scope.addHook("onClose", async () => {
      shutdown.abort();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((r) => (timer = setTimeout(r, options.shutdownGraceMs ?? 3000)));
      await Promise.race([Promise.allSettled([...running.keys()]), grace]);
      clearTimeout(timer);
      const left = [...running.values()];
      if (left.length > 0) {
        const released = await scans.release(left).catch(() => 0);
        metrics.inc("claro_harbor_scans_released_total", "Harbor scan jobs handed back to the queue at shutdown", {}, released);
        scope.log.info({ released }, "harbor: running scans handed back at shutdown");
      }
      await scans.close();
    });
    scope.addHook("onSend", async (_req, reply, payload) => {
      const type = exactType.get(reply);
      if (type !== undefined) reply.header("content-type", type);
      return payload;
    });
    scope.addContentTypeParser(/^application\/vnd\.scanner\.adapter\.scan\.request\+json/, { parseAs: "string" }, scope.getDefaultJsonParser("error", "error"));
    scope.setErrorHandler((err: FastifyError | Error, req, reply) => {
      const fe = err as FastifyError;
      if (fe.validation) return sendError(reply, 422, `invalid scan request: ${err.message}`);
      if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
        return sendError(reply, 415, `content type ${JSON.stringify(req.headers["content-type"] ?? "")} is not supported; send ${M.scanRequest}; version=1.1`);
      const status = isFatalError(err) ? 500 : (fe.statusCode ?? 500);
      if (status >= 500) req.log.error({ err }, "harbor request failed");
      return sendError(reply, status, status >= 500 && !isFatalError(err) ? "internal error" : err.message);
    });

    scope.get("/api/v1/metadata", { schema: { tags: ["harbor"] } }, async (req, reply) => {
      const wants10 = /version=1\.0/.test(req.headers.accept ?? "") && !/version=1\.1/.test(req.headers.accept ?? "");
      const updated = (await deps.advisoryStore.status())
        .map((s) => s.lastChangedAt)
        .filter((t): t is string => t !== null)
        .sort()
        .at(-1);
      return sendJson(reply, 200, wants10 ? M.metadata10 : M.metadata, {
        scanner: HARBOR_SCANNER,
        capabilities: [
          { type: "vulnerability", consumes_mime_types: [M.ociManifest, M.dockerManifest], produces_mime_types: [M.harborReport, M.securityReport] },
          {
            type: "sbom",
            consumes_mime_types: [M.ociManifest, M.dockerManifest],
            produces_mime_types: [M.sbomReport],
            additional_attributes: { sbom_media_types: [...SBOM_MEDIA_TYPES] },
          },
        ],
        properties: {
          "harbor.scanner-adapter/scanner-type": "os-package-vulnerability",
          ...(updated !== undefined ? { "harbor.scanner-adapter/vulnerability-database-updated-at": new Date(updated).toISOString() } : {}),
          "env.CLARO_SCAN_ID_TTL_SECONDS": String(HARBOR_SCAN_TTL_MS / 1000),
        },
      });
    });

    scope.post<{ Body: ScanRequest }>(
      "/api/v1/scan",
      { schema: { tags: ["harbor"], body: ScanRequestSchema, response: { 202: ScanResponseSchema, 400: HarborErrorSchema, 422: HarborErrorSchema } } },
      async (req, reply) => {
        try {
          await checkUrl(req.body.registry.url, settings.urlPolicy);
        } catch (e) {
          // Refused (SSRF guard) or unresolvable: the request names a registry this server cannot use.
          if (isFatalError(e)) return sendError(reply, 422, `invalid registry.url: ${e.message}`);
          throw e;
        }
        // Scans share the index pool with the other APIs; past its queue limit Harbor is told to retry.
        const admission = pool.admit();
        if (admission === null)
          return sendError(
            reply.header("retry-after", String(POOL_RETRY_AFTER_SECONDS)),
            503,
            "the scanner is running and queueing as many scans as it takes; retry later",
          );
        const now = new Date();
        const id = randomUUID();
        const lease = newLease();
        try {
          await scans.prune(new Date(now.getTime() - HARBOR_SCAN_TTL_MS).toISOString());
          await scans.insert(
            { id, request: req.body, status: "pending", error: null, report: null, sbom: null, createdAt: now.toISOString(), updatedAt: now.toISOString() },
            lease,
          );
        } catch (e) {
          admission.cancel();
          throw e;
        }
        run({ id, request: req.body }, lease, admission);
        return sendJson(reply, 202, M.scanResponse, { id });
      },
    );

    scope.get<{ Params: { id: string }; Querystring: { sbom_media_type?: string } }>(
      "/api/v1/scan/:id/report",
      { schema: { tags: ["harbor"], params: ReportParams, querystring: ReportQuery } },
      async (req, reply) => {
        const kind = reportKind(req.headers.accept);
        if (kind === null)
          return sendError(
            reply,
            400,
            `unsupported Accept ${JSON.stringify(req.headers.accept)}; use ${M.harborReport}, ${M.securityReport} or ${M.sbomReport}`,
          );
        // An unencoded `+` arrives form-decoded as a space (`application/spdx json`).
        const sbomType = req.query.sbom_media_type?.replace(/ /g, "+");
        if (kind === "sbom" && !(SBOM_MEDIA_TYPES as readonly string[]).includes(sbomType ?? "")) {
          return sendError(
            reply,
            400,
            sbomType === undefined
              ? "sbom_media_type is required for an SBOM report"
              : `unsupported sbom_media_type ${JSON.stringify(sbomType)}; use ${SBOM_MEDIA_TYPES.join(" or ")}`,
          );
        }
        let scan = await scans.get(req.params.id);
        if (scan === null) return sendError(reply, 404, `scan ${req.params.id} is unknown or expired`);
        // A full index pool leaves a lapsed job to a later poll (here or on another instance).
        const admission = (scan.status === "pending" || scan.status === "running") && !shutdown.signal.aborted ? pool.admit() : null;
        if (admission !== null) {
          let used = false;
          try {
            // The claim is a no-op while the lease holds (decided by the database's clock).
            const lease = newLease();
            const claim = await scans.claim(scan.id, lease, options.maxAttempts);
            if (claim.kind !== "none") {
              scan = claim.scan;
              metrics.inc("claro_harbor_scan_takeovers_total", "Harbor scan jobs whose lease lapsed, by what followed", {
                outcome: claim.kind === "claimed" ? "rerun" : "failed",
              });
              req.log.warn(
                { scan: scan.id, attempts: scan.attempts },
                claim.kind === "claimed" ? "harbor: took over a scan whose lease lapsed" : "harbor: gave up on a scan whose lease kept lapsing",
              );
            }
            if (claim.kind === "claimed") {
              run(scan, lease, admission);
              used = true;
            }
          } finally {
            if (!used) admission.cancel();
          }
        }
        if (scan.status === "pending" || scan.status === "running") {
          // The v1.2 YAML names Refresh-After, the README example Retry-After: both are sent.
          reply.header("retry-after", String(RETRY_AFTER_SECONDS)).header("refresh-after", String(RETRY_AFTER_SECONDS));
          return sendError(reply, 302, `scan ${scan.id} is ${scan.status}`);
        }
        if (scan.status === "failed") return sendError(reply, 500, scan.error ?? "scan failed");
        if (kind === "harbor") return sendJson(reply, 200, M.harborReport, scan.report);
        if (kind === "security") return sendJson(reply, 200, M.securityReport, scan.report);
        return sendJson(reply, 200, M.sbomReport, sbomReport(scan.sbom as IndexReport, scan.request as ScanRequest, sbomType as SbomMediaType, scan.updatedAt));
      },
    );
  });
}

function sbomReport(index: IndexReport, request: ScanRequest, mediaType: SbomMediaType, generatedAt: string): Record<string, unknown> {
  const when = { now: () => new Date(generatedAt) };
  const text = mediaType === "application/spdx+json" ? renderSpdx(index, when) : renderCycloneDx(index, when);
  return {
    generated_at: generatedAt,
    artifact: artifactOf(request),
    scanner: HARBOR_SCANNER,
    vendor_attributes: {},
    media_type: mediaType,
    sbom: JSON.parse(text) as unknown,
  };
}
