import { createHash } from "node:crypto";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Finding } from "../../core/report.js";
import { isSeverity, type Severity } from "../../core/severity.js";
import type { UpdateOperation } from "../../contracts/notifier-store.js";
import { advisoryKey } from "./update-diff.js";

type Json = Record<string, unknown>;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `debian:12` → the claircore distribution a Debian/Alpine updater attaches to its records. */
function namespaceDistribution(namespace: string): Json {
  const [did = "", version = ""] = namespace.split(":");
  return { id: "", did, name: capitalise(did), version, version_code_name: "", version_id: version, arch: "", cpe: "", pretty_name: "" };
}

/** A name-based uuid (RFC 4122 version 5 layout over SHA-1), so ids derived from stored rows are stable. */
export function stableUuid(...parts: readonly string[]): string {
  const h = createHash("sha1").update(parts.join("\u0000")).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** An advisory as a claircore `Vulnerability`, as update_diff lists them; the id is stable across updates. */
export function toClairVulnerability(a: Advisory): Json {
  return {
    id: createHash("sha256").update(advisoryKey(a)).digest("hex").slice(0, 16),
    updater: a.updater,
    name: a.id,
    description: a.description ?? "",
    issued: "",
    links: a.links.join(" "),
    severity: a.vendorSeverity ?? capitalise(a.severity),
    normalized_severity: capitalise(a.severity),
    package: { id: "", name: a.packageName, version: "", kind: a.packageKind },
    distribution: namespaceDistribution(a.namespace),
    repository: {},
    fixed_in_version: a.status === "fixed" ? (a.fixedVersion ?? "") : "",
    ...(a.introducedVersion !== null ? { range: { "[": a.introducedVersion } } : {}),
  };
}

/** Version schemes of the OS namespaces, for records that name only their distribution. */
const SCHEME_OF_DISTRIBUTION: Readonly<Record<string, string>> = {
  debian: "dpkg",
  ubuntu: "dpkg",
  alpine: "apk",
  wolfi: "apk",
  chainguard: "apk",
  rhel: "rpm",
  centos: "rpm",
  fedora: "rpm",
  amzn: "rpm",
  ol: "rpm",
  sles: "rpm",
  "opensuse-leap": "rpm",
  photon: "rpm",
  mariner: "rpm",
  azurelinux: "rpm",
};

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});

/**
 * A claircore `Vulnerability` (as update_diff gives them, or as Clair's notifier posts them) back
 * to the record it describes; a string says why it cannot be. `scheme` resolves the version scheme
 * of a namespace when the distribution alone does not tell it.
 */
export function fromClairVulnerability(v: unknown, tag: string, scheme: (namespace: string) => string | undefined): Advisory | string {
  const o = obj(v);
  const name = str(o["name"]);
  const pkg = obj(o["package"]);
  const dist = obj(o["distribution"] ?? o["dist"]);
  if (name === "") return "a vulnerability needs a name";
  if (str(pkg["name"]) === "") return `vulnerability ${name}: package.name is required`;
  const did = str(dist["did"]);
  const version = str(dist["version_id"]) || str(dist["version"]);
  if (did === "" || version === "") return `vulnerability ${name}: distribution.did and distribution.version_id are required`;
  const namespace = `${did}:${version}`;
  const versionScheme = scheme(namespace) ?? SCHEME_OF_DISTRIBUTION[did];
  if (versionScheme === undefined) return `vulnerability ${name}: no version scheme is known for ${namespace}`;
  const sev = str(o["normalized_severity"]).toLowerCase();
  const severity: Severity = isSeverity(sev) ? sev : "unknown";
  const fixed = str(o["fixed_in_version"]);
  const introduced = str(obj(o["range"])["["]);
  return {
    id: name,
    aliases: [],
    namespace,
    packageName: str(pkg["name"]),
    packageKind: str(pkg["kind"]).toLowerCase() === "source" ? "source" : "binary",
    versionScheme,
    status: fixed !== "" ? "fixed" : "affected",
    fixedVersion: fixed !== "" ? fixed : null,
    introducedVersion: introduced !== "" ? introduced : null,
    severity,
    vendorSeverity: str(o["severity"]) || null,
    cvss: [],
    description: str(o["description"]) || null,
    links: str(o["links"])
      .split(/\s+/)
      .filter((l) => l !== ""),
    // Findings carry their record's updater, which is how a match is traced back to its input.
    updater: tag,
  };
}

/**
 * A finding of a stored manifest as Clair v4's `vulnerability_summary` (notification_page): the
 * installed package, the OS distribution for OS records, the ecosystem as repository otherwise.
 */
export function toVulnerabilitySummary(f: Finding, dist: Distribution | null): Json {
  const osRecord = dist !== null && f.namespace.startsWith(`${dist.id}:`);
  return {
    name: f.id,
    description: f.description ?? "",
    package: { id: "", name: f.package.name, version: f.package.version, kind: "binary" },
    ...(osRecord
      ? {
          distribution: {
            id: "",
            did: dist.id,
            name: dist.prettyName?.replace(/ GNU\/Linux.*$/, "").replace(/ v?\d.*$/, "") ?? dist.id,
            version: dist.versionId,
            version_code_name: dist.codename ?? "",
            version_id: dist.versionId,
            arch: "",
            cpe: "",
            pretty_name: dist.prettyName ?? "",
          },
        }
      : { repository: { id: "", name: f.namespace.split(":")[0] ?? f.namespace } }),
    severity: f.vendorSeverity ?? capitalise(f.severity),
    normalized_severity: capitalise(f.severity),
    fixed_in_version: f.fixedVersion ?? "",
    links: f.links.join(" "),
  };
}

export function toClairOperation(o: UpdateOperation): Json {
  return { ref: o.ref, updater: o.updater, fingerprint: o.fingerprint, date: o.date, kind: o.kind };
}
