import type { Advisory } from "../core/advisory.js";
import type { Distribution } from "../core/distribution.js";
import type { Finding } from "../core/report.js";
import type { UpdateOperation } from "../contracts/notifier-store.js";

type Json = Record<string, unknown>;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `debian:12` → the claircore distribution a Debian/Alpine updater attaches to its records. */
function namespaceDistribution(namespace: string): Json {
  const [did = "", version = ""] = namespace.split(":");
  return { id: "", did, name: capitalise(did), version, version_code_name: "", version_id: version, arch: "", cpe: "", pretty_name: "" };
}

/** An advisory as a claircore `Vulnerability`, as update_diff lists them. */
export function toClairVulnerability(a: Advisory): Json {
  return {
    id: "",
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
  };
}

/** A finding of a stored manifest as Clair v4's `vulnerability_summary` (notification_page). */
export function toVulnerabilitySummary(f: Finding, dist: Distribution | null): Json {
  return {
    name: f.id,
    description: f.description ?? "",
    package: { id: "", name: f.package.name, version: f.package.version, kind: "binary" },
    distribution: dist
      ? { id: "", did: dist.id, name: dist.prettyName?.replace(/ GNU\/Linux.*$/, "") ?? dist.id, version: dist.versionId, version_code_name: dist.codename ?? "", version_id: dist.versionId, arch: "", cpe: "", pretty_name: dist.prettyName ?? "" }
      : null,
    repo: null,
    severity: f.vendorSeverity ?? capitalise(f.severity),
    normalized_severity: capitalise(f.severity),
    fixed_in_version: f.fixedVersion ?? "",
    links: f.links.join(" "),
  };
}

export function toClairOperation(o: UpdateOperation): Json {
  return { ref: o.ref, updater: o.updater, fingerprint: o.fingerprint, date: o.date, kind: o.kind };
}
