import type { Advisory, FixStatus } from "./advisory.js";
import type { Digest } from "./digest.js";
import type { Distribution } from "./distribution.js";
import type { Platform } from "./image.js";
import type { Package, PackageType } from "./package.js";
import type { Problem } from "./problem.js";
import type { Severity } from "./severity.js";

/** What the indexer knows about an image: its OS and packages, each tied to a layer. */
export interface IndexReport {
  readonly source: { readonly ref: string; readonly digest: Digest | null; readonly platform: Platform; readonly repository: string | null };
  readonly distribution: Distribution | null;
  readonly layers: readonly { readonly digest: Digest; readonly diffId: Digest; readonly createdBy: string | null; readonly size?: number | null }[];
  readonly packages: readonly Package[];
  readonly problems: readonly Problem[];
  /** How the image was built, to tell the base image's layers from the user's (remediation, layers view). */
  readonly build?: BuildInfo;
}

/** The image config's history (empty layers included) and the base image it names, if any. */
export interface BuildInfo {
  /** The base image's last step (its CMD, an empty layer) is what separates its layers from the user's. */
  readonly history: readonly { readonly createdBy: string | null; readonly emptyLayer: boolean }[];
  /** `org.opencontainers.image.base.name` / `base.digest` labels; null when the image does not say. */
  readonly baseName: string | null;
  readonly baseDigest: string | null;
}

/** One package affected by one advisory. */
export interface Finding {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly package: Pick<Package, "name" | "version" | "type" | "purl">;
  readonly fixedVersion: string | null;
  readonly status: FixStatus;
  readonly severity: Severity;
  readonly vendorSeverity: string | null;
  readonly cvss: Advisory["cvss"];
  readonly description: string | null;
  /** diffID of the layer that introduced the package. */
  readonly layer: Digest;
  /** The updater the advisory came from, e.g. `debian`, `alpine/v3.9/main`. */
  readonly dataSource: string;
  readonly namespace: string;
  readonly links: readonly string[];
  /** FIRST EPSS probability of exploitation in the next 30 days (0–1) and its percentile; absent when unknown. */
  readonly epss?: { readonly score: number; readonly percentile: number };
  /** CISA Known Exploited Vulnerabilities entry; absent when the CVE is not in the catalogue. */
  readonly kev?: { readonly dateAdded: string; readonly dueDate: string | null; readonly ransomware: string };
}

/** A finding a VEX statement or an ignore-file entry took out of the report, and why. */
export interface Suppression {
  readonly finding: Finding;
  readonly by: "vex" | "ignore-file";
  /** VEX justification (e.g. `vulnerable_code_not_in_execute_path`) or the ignore entry's reason. */
  readonly reason: string;
  /** The VEX document or ignore file that said so. */
  readonly source: string;
}

/** Why packages of one kind were not matched against any advisory. */
export type CoverageReason = "no-data" | "unsupported" | "end-of-life";

/**
 * What a scan checked, per package type and distribution namespace: an empty result must not
 * read as "no vulnerabilities" when there was nothing to match against.
 */
export interface CoverageEntry {
  readonly type: PackageType;
  /** `debian:12` for OS packages; null for language packages, which no release scopes. */
  readonly namespace: string | null;
  readonly packages: number;
  readonly matched: boolean;
  /** The updaters whose data could match these packages, with when their data last changed. */
  readonly dataSources: readonly { readonly updater: string; readonly updatedAt: string | null }[];
  readonly reason: CoverageReason | null;
  /** What to run to load the missing data (`no-data` only). */
  readonly hint: string | null;
}

export interface VulnerabilityReport extends IndexReport {
  readonly vulnerabilities: readonly Finding[];
  /** What was and was not matched; absent only in reports built before coverage existed. */
  readonly coverage?: readonly CoverageEntry[];
  readonly database: { readonly updatedAt: string | null; readonly updaters: readonly string[] };
  /** Findings suppressed by VEX or the ignore file; absent when none were. */
  readonly suppressed?: readonly Suppression[];
}
