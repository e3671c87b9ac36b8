/** Normalised severity, ordered from least to most severe (Trivy/Grype vocabulary). */
export const SEVERITIES = ["unknown", "negligible", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Parses a user-facing severity name (case-insensitive; Klar's `Defcon1` counts as critical). */
export function parseSeverity(value: string): Severity | undefined {
  const v = value.trim().toLowerCase();
  if (v === "defcon1") return "critical";
  return isSeverity(v) ? v : undefined;
}
