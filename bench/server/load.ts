// The mixed load: 80 % GET vulnerability_report, 20 % POST index_report of known manifests.
import { loadavg } from "node:os";
import autocannon, { type RequestParams } from "autocannon";

export type Kind = "vulnerability_report" | "index_report";

/** What one phase measured, summed over the instances it ran against. */
export interface PhaseResult {
  readonly durationS: number;
  readonly latencies: Record<Kind, number[]>;
  readonly status: Record<Kind, Record<string, number>>;
  readonly bytes: Record<Kind, number>;
  /** The 1-minute load average when the phase ended: the machine is shared, so say how busy it was. */
  readonly loadAvg: number;
  /** Connection errors and timeouts as autocannon counts them. */
  readonly errors: number;
  readonly timeouts: number;
}

export interface LoadSpec {
  readonly connections: number;
  readonly durationS: number;
  readonly digests: readonly string[];
  /** Serialized Clair manifests, each already indexed. */
  readonly bodies: readonly string[];
  readonly indexShare: number;
}

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)]!;
}

/** Runs the load against every base URL at once, `spec.connections` each, and sums the results. */
export async function runPhase(bases: readonly string[], spec: LoadSpec): Promise<PhaseResult> {
  const latencies: Record<Kind, number[]> = { vulnerability_report: [], index_report: [] };
  const status: Record<Kind, Record<string, number>> = { vulnerability_report: {}, index_report: {} };
  const bytes: Record<Kind, number> = { vulnerability_report: 0, index_report: 0 };
  const started = performance.now();
  const results = await Promise.all(
    bases.map((url) => {
      const instance = autocannon({
        url,
        connections: spec.connections,
        duration: spec.durationS,
        timeout: 10,
        requests: [
          {
            setupRequest: (req, context): RequestParams => {
              if (Math.random() < spec.indexShare) {
                context["kind"] = "index_report";
                return {
                  ...req,
                  method: "POST",
                  path: "/indexer/api/v1/index_report",
                  headers: { "content-type": "application/vnd.clair.manifest.v1+json" },
                  body: pick(spec.bodies),
                };
              }
              context["kind"] = "vulnerability_report";
              return { ...req, method: "GET", path: `/matcher/api/v1/vulnerability_report/${pick(spec.digests)}`, headers: {}, body: "" };
            },
          },
        ],
      });
      // Pipelining is 1, so when a response arrives the connection's context still names its request.
      instance.on("response", (client, code, size, ms) => {
        const kind = client.requestIterator.context["kind"] as Kind;
        bytes[kind] += size;
        latencies[kind].push(ms);
        status[kind][String(code)] = (status[kind][String(code)] ?? 0) + 1;
      });
      return instance;
    }),
  );
  return {
    durationS: Math.max((performance.now() - started) / 1000, ...results.map((r) => r.duration)),
    latencies,
    status,
    bytes,
    loadAvg: loadavg()[0]!,
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
  };
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export interface Summary {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  meanBytes: number;
}

export function summarize(r: PhaseResult, kinds: readonly Kind[]): Summary {
  const all = kinds.flatMap((k) => r.latencies[k]);
  const non2xx = kinds.reduce(
    (n, k) =>
      n +
      Object.entries(r.status[k])
        .filter(([c]) => !c.startsWith("2"))
        .reduce((m, [, v]) => m + v, 0),
    0,
  );
  const size = kinds.reduce((n, k) => n + r.bytes[k], 0);
  return {
    requests: all.length,
    rps: all.length / r.durationS,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    non2xx,
    meanBytes: all.length ? size / all.length : 0,
  };
}
