import type { Matcher } from "../contracts/matcher.js";
import type { AdvisoryStore } from "../contracts/store.js";
import type { CheckReport } from "../core/check.js";
import { FatalError } from "../core/problem.js";
import type { IndexReport, VulnerabilityReport } from "../core/report.js";
import { checkGroups, runChecks, type ImageCheckInput } from "../checks/index.js";
import { computeCoverage } from "../matcher/coverage.js";
import { packagesToMatch } from "../matcher/dev-deps.js";
import { endOfLife } from "../matcher/end-of-life.js";
import { applyPolicy, applySuppressions, checkVerdict, type CheckVerdict, type Policy, type PolicyResult, type SuppressionInput } from "../report/index.js";
import { registeredEcosystems, registeredMatchers } from "./engines.js";
import { vulnerabilityFindings } from "./match.js";

/**
 * Refuses an empty database (nothing could be matched, which would read as clean) and says when
 * the newest update is older than `maxAgeMs`. Returns that warning, or null.
 */
export async function checkDatabase(store: AdvisoryStore, maxAgeMs: number, now: number = Date.now()): Promise<string | null> {
  if ((await store.countAdvisories()) === 0) {
    throw new FatalError(
      "DB_EMPTY",
      `the vulnerability database (${store.backend}) is empty, so nothing could be matched`,
      "run `claro db update` first (add --source NAME=PATH for an offline mirror)",
    );
  }
  const newest = (await store.status())
    .map((u) => u.lastRun.finishedAt)
    .sort()
    .pop();
  return newest && now - Date.parse(newest) > maxAgeMs ? `the vulnerability database was last updated ${newest}; run \`claro db update\`` : null;
}

/**
 * Matches an inventory against the database: the report model `scan` writes and `diff` compares,
 * with the coverage (what was not matched) and whether the release is past its end of life.
 */
export async function matchIndex(
  index: IndexReport,
  store: AdvisoryStore,
  options: { readonly matchers?: readonly Matcher[]; readonly today?: string; readonly includeDevDeps?: boolean } = {},
): Promise<{ report: VulnerabilityReport; eol: boolean; devLeftOut: number }> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  // Development-only packages stay in the inventory but are matched only with --include-dev-deps.
  const { index: toMatch, devLeftOut } = packagesToMatch(index, options.includeDevDeps ?? false);
  const findings = await vulnerabilityFindings(toMatch, options.matchers ?? registeredMatchers(), store);
  const status = await store.status();
  const changed = status
    .map((u) => u.lastChangedAt)
    .filter((t): t is string => t !== null)
    .sort();
  const distribution = index.distribution === null ? null : { ...index.distribution, endOfLife: endOfLife(index.distribution) };
  const report: VulnerabilityReport = {
    ...index,
    distribution,
    vulnerabilities: findings,
    database: { updatedAt: changed[changed.length - 1] ?? null, updaters: status.map((u) => u.updater).sort() },
    coverage: computeCoverage(index, registeredEcosystems(), status, today),
  };
  const eol = distribution !== null && typeof distribution.endOfLife === "string" && distribution.endOfLife < today;
  return { report, eol, devLeftOut };
}

export interface ScanInput {
  readonly index: IndexReport;
  /** The image checks' input from the same read; null: no config checks (or an SBOM, which has no files). */
  readonly checks: ImageCheckInput | null;
  readonly target: string;
  /** Match development-only packages too (`--include-dev-deps`). */
  readonly includeDevDeps?: boolean;
}

export interface ScanResult {
  /** The report as shown: after the ignore file, VEX and the policy's filters. */
  readonly report: VulnerabilityReport;
  readonly policy: PolicyResult["verdict"];
  readonly checks: CheckReport | null;
  readonly checkVerdict: CheckVerdict | null;
  /** The analysed release is past its end of life. */
  readonly eol: boolean;
  /** Lines for the user: expired ignore entries, unused VEX statements. */
  readonly warnings: readonly string[];
  /** Development-only packages left out of matching (listed in the report, not matched). */
  readonly devLeftOut: number;
  /** Why the policy failed (findings and checks at or above fail-on); empty when it passed. */
  readonly reasons: readonly string[];
}

/**
 * The scan workflow after indexing: match → enrich → suppress → image checks → policy. The
 * checks see the findings as reported (after ignore files and VEX), so CIS 4.4 is decided.
 */
export async function scanIndex(input: ScanInput, store: AdvisoryStore, suppression: SuppressionInput, policy: Policy): Promise<ScanResult> {
  const { report, eol, devLeftOut } = await matchIndex(input.index, store, { includeDevDeps: input.includeDevDeps ?? false });
  const suppressed = applySuppressions(report, suppression);
  const checks =
    input.checks === null
      ? null
      : runChecks(checkGroups.image, { ...input.checks, findings: suppressed.report.vulnerabilities }, { target: input.target, group: "image" });
  const { report: shown, verdict } = applyPolicy(suppressed.report, policy);
  // --fail-on covers both kinds of result: a failed check at or above it fails the policy too.
  const checkResult = checks === null ? null : checkVerdict(checks, policy.failOn);
  return {
    report: shown,
    policy: verdict,
    checks,
    checkVerdict: checkResult,
    eol,
    devLeftOut,
    warnings: suppressed.warnings,
    reasons: [...verdict.reasons, ...(checkResult?.reasons ?? [])],
  };
}
