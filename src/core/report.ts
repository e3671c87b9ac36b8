import type { Advisory, FixStatus } from "./advisory.js";
import type { Digest } from "./digest.js";
import type { Distribution } from "./distribution.js";
import type { Platform } from "./image.js";
import type { Package } from "./package.js";
import type { Problem } from "./problem.js";
import type { Severity } from "./severity.js";

/** What the indexer knows about an image: its OS and packages, each tied to a layer. */
export interface IndexReport {
  readonly source: { readonly ref: string; readonly digest: Digest | null; readonly platform: Platform; readonly repository: string | null };
  readonly distribution: Distribution | null;
  readonly layers: readonly { readonly digest: Digest; readonly diffId: Digest; readonly createdBy: string | null }[];
  readonly packages: readonly Package[];
  readonly problems: readonly Problem[];
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

export interface VulnerabilityReport extends IndexReport {
  readonly vulnerabilities: readonly Finding[];
  readonly database: { readonly updatedAt: string | null; readonly updaters: readonly string[] };
  /** Findings suppressed by VEX or the ignore file; absent when none were. */
  readonly suppressed?: readonly Suppression[];
}
