import { listRules, type CatalogueEntry } from "../checks/index.js";

function pad(rows: readonly string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * `claro check --list`: every registered rule with its ids, level, group, severity and the
 * inputs it reads. JSON for tools, text for people.
 */
export function renderCatalogue(benchmarkVersion: string, format: "table" | "json"): string {
  const entries = listRules(benchmarkVersion);
  if (format === "json") return `${JSON.stringify({ benchmarkVersion, rules: entries }, null, 2)}\n`;
  const out: string[] = [`claro check rules (CIS Docker Benchmark v${benchmarkVersion} ids; ${entries.length} rules)`];
  const groups = new Map<string, CatalogueEntry[]>();
  for (const e of entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  for (const [group, list] of groups) {
    out.push("", `${group} (${list.length})`);
    const rows = [["ID", "CIS", "LEVEL", "SEVERITY", "REFERENCES", "TITLE"]];
    for (const e of list) rows.push([e.id, e.benchmarkId ?? "-", `L${e.level}`, e.severity.toUpperCase(), e.references.join(",") || "-", e.title]);
    const lines = pad(rows);
    out.push(`  ${lines[0] ?? ""}`);
    list.forEach((e, i) => {
      out.push(`  ${lines[i + 1] ?? ""}`);
      out.push(`      needs: ${e.needs.join("; ")}`);
    });
  }
  return `${out.join("\n")}\n`;
}
