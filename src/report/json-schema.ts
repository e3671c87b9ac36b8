import { z } from "zod";
import { FIX_STATUSES } from "../core/advisory.js";
import { SEVERITIES } from "../core/severity.js";
import { misconfigurationsEntry } from "./check-json.js";

/**
 * The JSON output format, defined once here. `schema/claro-report.v1.schema.json` is generated
 * from these schemas (a test keeps the committed file equal to `reportJsonSchema()`), and
 * docs/json-schema.md describes each field.
 *
 * Versioning: semver on `schemaVersion`. Adding a field is a minor bump; renaming, removing or
 * changing the meaning of one is a major bump and a new `claro-report.vN` schema file. Objects
 * are loose (additional properties allowed) so that a consumer validating against 1.0 keeps
 * accepting 1.x documents.
 */
export { SCHEMA_VERSION } from "./schema-version.js";

const digest = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/)
  .meta({ description: "An OCI content digest, `sha256:<64 hex>`." });
const severity = z.enum(SEVERITIES).meta({ description: "Normalised severity, lower case." });

const source = z
  .looseObject({
    ref: z.string().meta({ description: "The image reference as given, with its transport prefix." }),
    digest: digest.nullable().meta({ description: "Digest of the image manifest; null for `dir:` sources." }),
    platform: z.string().meta({ description: "`os/arch[/variant]`, e.g. `linux/amd64`, `linux/arm/v7`." }),
    repository: z.string().nullable().meta({ description: "Repository name when known, e.g. `library/alpine`." }),
  })
  .meta({ description: "The image that was analysed." });

const distribution = z
  .looseObject({
    id: z.string().meta({ description: "os-release `ID`, e.g. `debian`, `alpine`." }),
    versionId: z.string().meta({ description: "os-release `VERSION_ID`, e.g. `12`, `3.9.6`." }),
    codename: z.string().nullable().meta({ description: "os-release `VERSION_CODENAME`; null when none." }),
    endOfLife: z.string().nullable().optional().meta({
      description:
        "Since 1.3.0, vulnerability reports only. When the release's security support ends (YYYY-MM-DD), from claro's table; null when not known or a rolling release.",
    }),
  })
  .nullable()
  .meta({ description: "The detected operating system; null when none was found." });

const layer = z.looseObject({
  digest: digest.meta({ description: "Digest of the layer blob as stored (possibly compressed)." }),
  diffId: digest.meta({ description: "Digest of the uncompressed layer tar (config `rootfs.diff_ids`)." }),
  createdBy: z.string().nullable().meta({ description: "The history `created_by` of the step that made the layer." }),
  size: z.number().int().min(0).nullable().optional().meta({ description: "Since 1.3.0. Size of the layer blob in bytes; null when the source does not say." }),
});

// Open sets (package types, problem kinds) are patterned strings, not enums: a later minor
// version adds values, and a consumer validating against v1 must keep accepting them.
const packageType = z
  .string()
  .regex(/^[a-z0-9-]+$/)
  .meta({ description: "Package type, named after the purl type: `deb`, `apk`; later versions add more." });

const packageEntry = z.looseObject({
  name: z.string(),
  version: z.string(),
  type: packageType,
  arch: z.string().nullable().meta({ description: "Package architecture; null when the database has none." }),
  purl: z.string().meta({ description: "Package URL, e.g. `pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12`." }),
  source: z
    .looseObject({ name: z.string(), version: z.string() })
    .nullable()
    .meta({ description: "The source package (dpkg `Source:`, apk `origin`); null when none." }),
  layer: digest.meta({ description: "diffID of the layer that introduced this name@version." }),
  foundIn: z
    .string()
    .optional()
    .meta({ description: "Since 1.3.0. The file the package was read from (`var/lib/dpkg/status`, a lockfile, a binary); `claro diff` keys packages by it." }),
  evidence: z
    .enum(["pom.properties", "pom.xml", "manifest", "file-name"])
    .optional()
    .meta({ description: "Maven: what named the coordinates; `file-name` alone never names a group." }),
});

const problem = z
  .looseObject({
    kind: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .meta({
        description:
          "`malformed-record`, `unreadable-file`, `file-too-large`, `skipped` (not read: over the scan's budget for files held for parsing), `unsafe-path`, `bad-feed-record`, `unsupported`, `platform-mismatch` (the image's only manifest is for another platform than `--platform` asked for), `unused-suppression` (a VEX statement or ignore entry in the file `path` matched no finding); later versions may add more.",
      }),
    path: z.string().nullable().meta({ description: "The file the problem concerns, when there is one." }),
    message: z.string().meta({ description: "One line describing the problem." }),
  })
  .meta({ description: "A non-fatal problem met during the analysis; the rest of the result stands." });

const cvss = z.looseObject({
  version: z.enum(["2.0", "3.0", "3.1", "4.0"]),
  vector: z.string(),
  score: z.number().nullable(),
  source: z.string().meta({ description: "Who scored it, e.g. `nvd`." }),
});

const vulnerability = z.looseObject({
  id: z.string().meta({ description: "Vulnerability id, e.g. `CVE-2023-5678`." }),
  aliases: z.array(z.string()).meta({ description: "Other ids of the same vulnerability, sorted." }),
  package: z.looseObject({ name: z.string(), version: z.string(), type: packageType, purl: z.string() }),
  fixedVersion: z.string().nullable().meta({ description: "First fixed version; null when no fix exists." }),
  status: z.enum(FIX_STATUSES).meta({ description: "The vendor's fix state for this package." }),
  severity,
  vendorSeverity: z.string().nullable().meta({ description: "The vendor's own wording, e.g. Debian urgency `low**`." }),
  cvss: z.array(cvss),
  layer: digest.meta({ description: "diffID of the layer that introduced the vulnerable package." }),
  dataSource: z.string().meta({ description: "The updater the advisory came from, e.g. `debian`, `alpine/v3.9/main`." }),
  namespace: z.string().meta({ description: "Advisory namespace, e.g. `debian:12`, `alpine:3.9`." }),
  links: z.array(z.string()),
  description: z.string().nullable(),
  epss: z
    .looseObject({
      score: z.number().min(0).max(1).meta({ description: "Probability of exploitation in the next 30 days." }),
      percentile: z.number().min(0).max(1).meta({ description: "Rank of `score` among all scored CVEs." }),
    })
    .optional()
    .meta({ description: "Since 1.2.0. FIRST EPSS for the CVE, when the `epss` feed has it." }),
  kev: z
    .looseObject({
      dateAdded: z.string().meta({ description: "When CISA added the CVE to the catalogue (`YYYY-MM-DD`)." }),
      dueDate: z.string().nullable().meta({ description: "CISA's remediation due date for US federal agencies; null when none." }),
      ransomware: z.string().meta({ description: "`knownRansomwareCampaignUse`: `Known` or `Unknown`." }),
    })
    .optional()
    .meta({ description: "Since 1.2.0. Present when the CVE is in CISA's Known Exploited Vulnerabilities catalogue." }),
});

const suppressedEntry = z.looseObject({
  vulnerability: vulnerability.meta({ description: "The finding as it would have been reported." }),
  by: z.enum(["vex", "ignore-file"]).meta({ description: "What suppressed it." }),
  reason: z.string().meta({ description: "The VEX justification (e.g. `vulnerable_code_not_present`) or the ignore entry's reason." }),
  file: z.string().meta({ description: "The VEX document or ignore file that said so." }),
});

const count = z.number().int().min(0);

const packageFix = z.looseObject({
  name: z.string(),
  type: packageType,
  version: z.string().meta({ description: "The installed version." }),
  fixedVersion: z.string().meta({ description: "The lowest version that fixes every fixable finding of the package." }),
  findings: count.meta({ description: "How many findings the upgrade removes." }),
  ids: z.array(z.string()).meta({ description: "The vulnerability ids it removes, sorted." }),
  highestSeverity: severity,
  manifest: z.string().nullable().meta({ description: "Language packages: the manifest or lockfile that pins it; null for OS packages." }),
});

const remediation = z
  .looseObject({
    baseLayers: z.array(digest).meta({
      description: "diffIDs of the base image's layers, as the history shows them (up to the base image's final CMD/ENTRYPOINT); empty when it does not.",
    }),
    groups: z
      .array(
        z.looseObject({
          kind: z
            .enum(["base", "layer"])
            .meta({ description: "`base`: all base layers together (upgrade the base image); `layer`: one of the user's layers." }),
          layers: z.array(digest).meta({ description: "diffIDs of the group's layers." }),
          position: z.number().int().min(1).meta({ description: "1-based position of the group's first layer in the image." }),
          createdBy: z.string().nullable().meta({ description: "`layer`: the step that made the layer; null for `base`." }),
          baseImage: z.string().nullable().meta({ description: "`base`: the `org.opencontainers.image.base.name` label, when present." }),
          command: z.string().nullable().meta({ description: "The package-manager command that upgrades the group's OS packages." }),
          packages: z.array(packageFix),
        }),
      )
      .meta({ description: "Fixable findings by the layer that introduced their package, base first." }),
    unfixable: z
      .array(
        z.looseObject({
          id: z.string(),
          package: z.looseObject({ name: z.string(), version: z.string(), type: packageType }),
          status: z.enum(FIX_STATUSES),
          severity,
          layer: digest,
        }),
      )
      .meta({ description: "Findings without a fix, with their fix state (`affected`, `will_not_fix`, `fix_deferred`, …)." }),
  })
  .meta({ description: "Since 1.3.0. What to upgrade, layer by layer." });
const summary = z
  .looseObject({
    packages: count,
    total: count,
    unknown: count,
    negligible: count,
    low: count,
    medium: count,
    high: count,
    critical: count,
  })
  .meta({ description: "Counts of the reported vulnerabilities by severity, and the package count." });

const database = z
  .looseObject({
    updatedAt: z.string().nullable().meta({ description: "When the newest feed data was written (ISO 8601); null when unknown." }),
    updaters: z.array(z.string()).meta({ description: "The updaters whose data was used, sorted." }),
  })
  .meta({ description: "The vulnerability data the scan used." });

const common = {
  schemaVersion: z
    .string()
    .regex(/^1\.\d+\.\d+$/)
    .meta({ description: "Semantic version of this format; any 1.x.y document validates against this schema." }),
  createdAt: z.string().meta({ description: "When the document was rendered (ISO 8601, UTC)." }),
  source,
  distribution,
  layers: z.array(layer).meta({ description: "Image layers, base first." }),
  packages: z.array(packageEntry).meta({ description: "Installed packages, sorted by type, name, version, arch." }),
  problems: z.array(problem),
};

const coverageEntry = z.looseObject({
  type: packageType,
  namespace: z.string().nullable().meta({ description: "`ID:VERSION_ID` of the distribution for OS packages (`debian:12`); null for language packages." }),
  packages: count,
  matched: z.boolean().meta({ description: "True when advisory data for these packages was loaded and matched against them." }),
  dataSources: z
    .array(z.looseObject({ updater: z.string(), updatedAt: z.string().nullable().meta({ description: "When that updater's data last changed (ISO 8601)." }) }))
    .meta({ description: "The updaters whose data covers these packages." }),
  reason: z.enum(["no-data", "unsupported", "end-of-life"]).nullable().meta({
    description:
      "Why not matched: `no-data` (nothing loaded; see `hint`), `unsupported` (claro has no data source), `end-of-life` (the release is past its end of life and no data is loaded); null when matched.",
  }),
  hint: z.string().nullable().meta({ description: "The command that loads the missing data, for `no-data`." }),
});

export const vulnerabilityReportDocument = z
  .looseObject({
    kind: z.literal("vulnerability-report"),
    ...common,
    vulnerabilities: z.array(vulnerability).meta({ description: "Findings, sorted by severity (most severe first), id, then package." }),
    database,
    summary,
    remediation: remediation.optional(),
    coverage: z.array(coverageEntry).optional().meta({
      description:
        "Since 1.3.0. Per package type and namespace: whether the scan matched it, against which data, or why not. A type with `matched: false` was not checked; its packages are not known to be free of vulnerabilities.",
    }),
    suppressed: z
      .array(suppressedEntry)
      .optional()
      .meta({ description: "Since 1.2.0. Findings taken out by `--vex` not_affected statements or the ignore file; absent when none were." }),
    misconfigurations: misconfigurationsEntry
      .optional()
      .meta({ description: "Since 1.1.0. Image configuration checks, present only with `claro scan --scanners …,config`." }),
  })
  .meta({ id: "VulnerabilityReport", title: "claro vulnerability report (`claro scan --format json`)" });

export const inventoryDocument = z
  .looseObject({ kind: z.literal("inventory"), ...common })
  .meta({ id: "Inventory", title: "claro inventory (`claro sbom --format json`)" });

export const claroDocument = z
  .discriminatedUnion("kind", [vulnerabilityReportDocument, inventoryDocument])
  .meta({ title: "claro JSON output, schema v1", description: "Either a vulnerability report or an inventory, told apart by `kind`." });

export type VulnerabilityReportDocument = z.infer<typeof vulnerabilityReportDocument>;
export type InventoryDocument = z.infer<typeof inventoryDocument>;
export type PackageEntry = z.infer<typeof packageEntry>;
export type VulnerabilityEntry = z.infer<typeof vulnerability>;
export type SuppressedEntry = z.infer<typeof suppressedEntry>;
export type ProblemEntry = z.infer<typeof problem>;
export type SummaryEntry = z.infer<typeof summary>;
export type RemediationEntry = z.infer<typeof remediation>;

/** A URN rather than a URL: the schema is shipped in the package, not served anywhere. */
export const SCHEMA_ID = "urn:claro:schema:claro-report:v1";

/** The JSON Schema (draft 2020-12) committed as `schema/claro-report.v1.schema.json`. */
export function reportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(claroDocument, { target: "draft-2020-12" });
  const { $schema, ...rest } = generated;
  return { $schema, $id: SCHEMA_ID, ...rest };
}
