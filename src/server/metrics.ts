import { Counter, Gauge, Histogram, Registry } from "prom-client";

type Labels = Readonly<Record<string, string>>;

/**
 * Bucket bounds in seconds for every duration: from a cached HTTP answer (about a millisecond)
 * to an index or updater run of many minutes, so p50 and p99 are readable for both
 * (`histogram_quantile(0.99, rate(…_bucket[5m]))`).
 */
export const DURATION_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/**
 * The server's Prometheus registry (prom-client), one per server so tests and several servers in
 * one process do not share counts. Metrics are declared on first use with the label names of
 * that use; each call site keeps one label set per metric name.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();

  inc(name: string, help: string, labels: Labels, by = 1): void {
    this.guard(name, () => {
      let c = this.counters.get(name);
      if (c === undefined) this.counters.set(name, (c = new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.registry] })));
      c.inc(labels, by);
    });
  }

  /** Sets a gauge: a value read at a moment (queue depth), replaced rather than added to. */
  set(name: string, help: string, labels: Labels, value: number): void {
    this.guard(name, () => {
      let g = this.gauges.get(name);
      if (g === undefined) this.gauges.set(name, (g = new Gauge({ name, help, labelNames: Object.keys(labels), registers: [this.registry] })));
      g.set(labels, value);
    });
  }

  /** Records one duration in a histogram: `_bucket` series (for quantiles), `_sum` and `_count`. */
  observe(name: string, help: string, labels: Labels, seconds: number): void {
    this.guard(name, () => {
      let h = this.histograms.get(name);
      if (h === undefined) {
        h = new Histogram({ name, help, labelNames: Object.keys(labels), buckets: [...DURATION_BUCKETS], registers: [this.registry] });
        this.histograms.set(name, h);
      }
      h.observe(labels, seconds);
    });
  }

  /**
   * prom-client throws when a metric is used with other label names than its first use (or one
   * name as two kinds). That is a bug in claro, but it must not turn an index request into a 500:
   * the observation is dropped and counted in claro_metrics_errors_total{metric}, which shows it.
   */
  private guard(name: string, record: () => void): void {
    try {
      record();
    } catch {
      this.errors.inc({ metric: name });
    }
  }

  private readonly errors = new Counter({
    name: "claro_metrics_errors_total",
    help: "Observations dropped because a metric was used with other labels than its first use",
    labelNames: ["metric"],
    registers: [this.registry],
  });

  /** The text exposition format 0.0.4, as `/metrics` serves it. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
