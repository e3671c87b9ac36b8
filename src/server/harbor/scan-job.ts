import { isFatalError } from "../../core/problem.js";
import type { IndexReport } from "../../core/report.js";
import { createRegistrySource } from "../../image/registry/index.js";
import { isLoopback } from "../../image/registry/index.js";
import { checkUrl } from "../../image/url-guard.js";
import { indexSource } from "../../app/inventory.js";
import { vulnerabilityFindings } from "../../app/match.js";
import type { HarborScanStore, ScanLease } from "../../contracts/harbor-scan-store.js";
import { withLayerLimits } from "./layer-limits.js";
import type { ScanRequest } from "./schemas.js";
import { toHarborReport, type HarborArtifact } from "./shape.js";
import { treeBuilderFor, type IndexSettings, type ServerDeps } from "../index-service.js";
import type { Metrics } from "../metrics.js";

export function artifactOf(req: ScanRequest): HarborArtifact {
  const a = req.artifact;
  return {
    repository: a.repository,
    digest: a.digest,
    ...(a.tag !== undefined ? { tag: a.tag } : {}),
    ...(a.mime_type !== undefined ? { mime_type: a.mime_type } : {}),
  };
}

/** The hold on a job while it runs; `stop` ends renewal (shutdown), so the lease lapses. */
export interface ScanHold {
  readonly lease: ScanLease;
  readonly stop: AbortSignal;
}

/** Renews the lease at a third of its length until the run ends, `stop` fires or the hold is lost. */
function keepLease(id: string, scans: HarborScanStore, hold: ScanHold): () => void {
  const timer = setInterval(
    () => {
      void scans.renew(id, hold.lease).then(
        (held) => (held ? undefined : clearInterval(timer)),
        () => undefined, // A lapse is what other instances recover from; the next tick tries again.
      );
    },
    Math.max(50, Math.floor(hold.lease.leaseMs / 3)),
  );
  const end = (): void => clearInterval(timer);
  hold.stop.addEventListener("abort", end, { once: true });
  return () => {
    end();
    hold.stop.removeEventListener("abort", end);
  };
}

/**
 * Pulls `registry.url`/repository@digest with the request's own Authorization, indexes and
 * matches it, and records the outcome. Never rejects: every failure ends as a `failed` row.
 * With `hold`, the row is written only while this run still holds it: a run another instance
 * took over (after this one stopped renewing) leaves the row to that instance.
 */
export async function runHarborScan(
  id: string,
  req: ScanRequest,
  deps: ServerDeps,
  settings: IndexSettings,
  scans: HarborScanStore,
  metrics: Metrics,
  hold?: ScanHold,
): Promise<void> {
  const started = performance.now();
  let outcome: "done" | "failed" = "failed";
  const owner = hold?.lease.owner;
  const release = hold !== undefined ? keepLease(id, scans, hold) : () => undefined;
  try {
    await scans.update(id, { status: "running", error: null, report: null, sbom: null }, owner);
    // The registry URL is caller-controlled: the same SSRF guard as Clair layer URIs.
    const { url } = await checkUrl(req.registry.url, settings.urlPolicy);
    const reference = `${url.host}/${req.artifact.repository}@${req.artifact.digest}`;
    const pull = createRegistrySource(reference, {
      dockerConfig: false,
      env: {},
      // An explicit http:// registry URL is honoured; loopback registries speak http anyway.
      insecure: url.protocol === "http:" && !isLoopback(url.host),
      ...(req.registry.authorization !== undefined ? { authorization: req.registry.authorization } : {}),
      // Every URL the pull requests (each redirect hop, a token realm) passes the same policy
      // before any connection, and connects only to the addresses that were checked.
      urlPolicy: settings.urlPolicy,
      // A manifest or config dripped a byte at a time is bounded like a layer.
      timeouts: { totalMs: settings.layerTimeoutMs },
    });
    const source = withLayerLimits(pull, settings);
    let report: IndexReport;
    try {
      ({ report } = await indexSource(source, {
        platform: { os: "linux", architecture: "amd64" },
        scanners: deps.scanners,
        // The registry has just served the manifest under the request's own credentials, so
        // layers other scans already read come from the shared store instead of a refetch.
        buildTree: treeBuilderFor(deps, metrics),
        maxFileSize: settings.maxFileSize,
      }));
    } finally {
      await source.close();
    }
    const findings = await vulnerabilityFindings(report, deps.matchers, deps.advisoryStore);
    const harbor = toHarborReport(findings, artifactOf(req), new Date().toISOString());
    await scans.update(id, { status: "done", error: null, report: harbor, sbom: report }, owner);
    outcome = "done";
  } catch (e) {
    const reason = isFatalError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    await scans.update(id, { status: "failed", error: reason, report: null, sbom: null }, owner).catch(() => undefined);
  } finally {
    release();
    metrics.inc("claro_harbor_scans_total", "Harbor scan jobs by outcome", { outcome });
    metrics.observe("claro_harbor_scan_duration_seconds", "Time spent on Harbor scan jobs", {}, (performance.now() - started) / 1000);
  }
}
