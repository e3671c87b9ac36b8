/** A tiny Prometheus registry: counters and duration sums by label set, rendered as text format 0.0.4. */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges = new Set<string>();

  inc(name: string, help: string, labels: Readonly<Record<string, string>>, by = 1): void {
    let family = this.counters.get(name);
    if (!family) this.counters.set(name, (family = { help, values: new Map() }));
    const key = labelKey(labels);
    family.values.set(key, (family.values.get(key) ?? 0) + by);
  }

  /** Sets a gauge: a value read at a moment (queue depth), replaced rather than added to. */
  set(name: string, help: string, labels: Readonly<Record<string, string>>, value: number): void {
    this.gauges.add(name);
    this.inc(name, help, labels, value - (this.counters.get(name)?.values.get(labelKey(labels)) ?? 0));
  }

  /** Records one observation as Prometheus summary-style `_count` and `_sum` series. */
  observe(name: string, help: string, labels: Readonly<Record<string, string>>, seconds: number): void {
    this.inc(`${name}_count`, help, labels);
    this.inc(`${name}_sum`, help, labels, seconds);
  }

  render(): string {
    const out: string[] = [];
    for (const [name, family] of [...this.counters].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${this.gauges.has(name) ? "gauge" : name.endsWith("_sum") || name.endsWith("_count") ? "untyped" : "counter"}`);
      for (const [labels, v] of family.values) out.push(`${name}${labels === "" ? "" : `{${labels}}`} ${v}`);
    }
    return `${out.join("\n")}\n`;
  }
}

function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
}
