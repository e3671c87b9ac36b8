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
}

export interface VulnerabilityReport extends IndexReport {
  readonly vulnerabilities: readonly Finding[];
  readonly database: { readonly updatedAt: string | null; readonly updaters: readonly string[] };
}
