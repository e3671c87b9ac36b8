import type { Severity } from "./severity.js";

/**
 * What the vendor says about a package in a release. These are the Trivy/Grype fix states;
 * `affected` means vulnerable with no fix yet.
 */
export const FIX_STATUSES = ["fixed", "affected", "will_not_fix", "fix_deferred", "end_of_life", "not_affected"] as const;
export type FixStatus = (typeof FIX_STATUSES)[number];

export function isFixStatus(value: string): value is FixStatus {
  return (FIX_STATUSES as readonly string[]).includes(value);
}

/** One vulnerability record for one package in one namespace (e.g. `debian:12`, `alpine:3.9`). */
export interface Advisory {
  /** The vulnerability id (CVE-…, ALPINE-…, DSA-…). */
  readonly id: string;
  readonly aliases: readonly string[];
  /** `<distro id>:<release>`, e.g. `debian:12`, `alpine:3.9`. */
  readonly namespace: string;
  readonly packageName: string;
  /** Whether `packageName` is a source package (Debian) or a binary/origin one. */
  readonly packageKind: "source" | "binary";
  /** The version scheme of `fixedVersion` / range bounds: `dpkg` or `apk`. */
  readonly versionScheme: string;
  readonly status: FixStatus;
  /** First fixed version; null when there is none (status other than `fixed`). */
  readonly fixedVersion: string | null;
  /** Lower bound of the affected range, when the feed gives one; null = all earlier versions. */
  readonly introducedVersion: string | null;
  /**
   * Upper bound (inclusive) of the affected range when the feed gives a last affected version
   * instead of a fix (OSV `last_affected`); then `status` is `affected` and `fixedVersion` null.
   * A leading `<` makes the bound exclusive (`<V`: GHSA `last_known_affected_version_range`,
   * see formats/osv `ghsaUpperBound`). Absent or null = no such bound. Optional so producers
   * without the notion need not set it.
   */
  readonly lastAffectedVersion?: string | null;
  readonly severity: Severity;
  /** The vendor's own wording, e.g. Debian urgency `low**`, kept as-is. */
  readonly vendorSeverity: string | null;
  readonly cvss: readonly CvssScore[];
  readonly description: string | null;
  readonly links: readonly string[];
  /** The updater that produced this record, e.g. `debian`, `alpine/v3.9/main`. */
  readonly updater: string;
}

export interface CvssScore {
  readonly version: "2.0" | "3.0" | "3.1" | "4.0";
  readonly vector: string;
  readonly score: number | null;
  readonly source: string;
}
