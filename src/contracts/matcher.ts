import type { Advisory } from "../core/advisory.js";
import type { Distribution } from "../core/distribution.js";
import type { Package } from "../core/package.js";

/** What to look up in the store for one package: the store stays generic over these fields. */
export interface AdvisoryQuery {
  readonly namespace: string;
  readonly packageName: string;
  readonly packageKind: "source" | "binary";
}

/** Matcher = "am I interested?" + "which records?" + "is this version affected?" (claircore style). */
export interface Matcher {
  readonly id: string;
  /** OS matchers need the distribution; language matchers (npm, PyPI, Go…) work without one. */
  handles(pkg: Package, distribution: Distribution | null): boolean;
  /** Called only when `handles` said yes; `distribution` is null for images without a known OS. */
  queries(pkg: Package, distribution: Distribution | null): readonly AdvisoryQuery[];
  /** True when `pkg` at its installed version is affected by `advisory` (fixed or not). */
  isAffected(pkg: Package, advisory: Advisory): boolean;
  /**
   * Optional: narrows every record the queries found for one package before `isAffected` is
   * asked, for feeds where one record supersedes another (RHEL: an image's pinned EUS stream
   * over the main stream for the same CVE). Absent: every record counts.
   */
  select?(pkg: Package, distribution: Distribution | null, candidates: readonly Advisory[]): readonly Advisory[];
}
