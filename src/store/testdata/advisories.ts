import type { Advisory } from "../../core/advisory.js";
import type { UpdateRun } from "../../contracts/store.js";

/** A deterministic synthetic advisory; `i` varies the package so lookups hit a few rows each. */
export function makeAdvisory(i: number, overrides: Partial<Advisory> = {}): Advisory {
  return {
    id: `CVE-2024-${String(10000 + i)}`,
    aliases: i % 3 === 0 ? [`DSA-${5000 + i}-1`] : [],
    namespace: i % 2 === 0 ? "debian:12" : "debian:11",
    packageName: `pkg${Math.floor(i / 4)}`,
    packageKind: "source",
    versionScheme: "dpkg",
    status: "fixed",
    fixedVersion: `1.${i}-1`,
    introducedVersion: null,
    severity: "medium",
    vendorSeverity: "medium",
    cvss: [],
    description: `synthetic advisory ${i}`,
    links: [`https://security-tracker.debian.org/tracker/CVE-2024-${10000 + i}`],
    updater: "debian",
    ...overrides,
  };
}

export function* manyAdvisories(count: number, overrides: Partial<Advisory> = {}): Generator<Advisory> {
  for (let i = 0; i < count; i++) yield makeAdvisory(i, overrides);
}

export function makeRun(updater: string, fingerprint: string | null, status: UpdateRun["status"], at: string, extra: Partial<UpdateRun> = {}): UpdateRun {
  return { updater, fingerprint, startedAt: at, finishedAt: at, status, recordCount: 0, error: null, ...extra };
}
