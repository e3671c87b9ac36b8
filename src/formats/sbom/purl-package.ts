import { PackageURL } from "packageurl-js";
import type { Digest } from "../../core/digest.js";
import { isDigest } from "../../core/digest.js";
import type { Distribution } from "../../core/distribution.js";
import { osDistribution } from "./os-names.js";
import { isPackageType, type Package, type PackageType } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import type { SbomComponent } from "./model.js";

const OS_TYPES: ReadonlySet<string> = new Set(["deb", "apk", "rpm"]);

/** Property names other tools use for the same facts (Trivy's CycloneDX), after claro's own. */
const LAYER_KEYS = ["claro:layer:diffID", "aquasecurity:trivy:LayerDiffID"];
const SOURCE_NAME_KEYS = ["claro:source:name", "aquasecurity:trivy:SrcName"];
const SOURCE_VERSION_KEYS = ["claro:source:version", "aquasecurity:trivy:SrcVersion"];

export interface PurlPackage {
  readonly pkg: Package;
  /** The distribution the purl names (`distro=debian-12`), for documents without an OS component. */
  readonly distro: Distribution | null;
}

/**
 * A package from an SBOM component, keyed on its purl: type, name and version come from the purl
 * (the component's own fields only fill gaps), the distribution from `distro=`, the source
 * package from `upstream=` or the producer's properties, the layer from claro/Trivy properties or
 * `fallbackLayer` (SBOMs from other tools rarely say which layer a package came from).
 */
export function packageFromComponent(c: SbomComponent, fallbackLayer: Digest, foundIn: string): PurlPackage | Problem {
  if (c.purl === null) return { kind: "unsupported", detail: `${foundIn}: component '${c.name}' has no purl; skipped` };
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(c.purl);
  } catch (e) {
    return { kind: "malformed-record", path: foundIn, line: null, detail: `bad purl '${c.purl}': ${e instanceof Error ? e.message : String(e)}` };
  }
  const type = purl.type;
  if (!isPackageType(type)) return { kind: "unsupported", detail: `${foundIn}: purl type '${purl.type}' is not supported (${c.purl}); skipped` };
  const q: Record<string, string> = { ...(purl.qualifiers ?? {}) };
  const name = qualifiedName(type, purl.namespace ?? null, purl.name);
  let version = purl.version ?? c.version ?? "";
  // Trivy writes the epoch as a qualifier rather than in the version.
  if ((type === "deb" || type === "rpm") && q["epoch"] !== undefined && q["epoch"] !== "0" && !version.includes(":")) version = `${q["epoch"]}:${version}`;
  const layerValue = first(c.properties, LAYER_KEYS);
  const pkg: Package = {
    name,
    version,
    type,
    arch: q["arch"] ?? null,
    source: sourceOf(type, name, version, q["upstream"] ?? null, c.properties),
    purl: c.purl,
    layer: layerValue !== undefined && isDigest(layerValue) ? layerValue : fallbackLayer,
    foundIn: c.properties.get("claro:location:path") ?? foundIn,
    ...(c.properties.get("claro:package:dev") === "true" ? { dev: true } : {}),
    ...(c.licenses.length > 0 ? { licenses: c.licenses } : {}),
  };
  return { pkg, distro: OS_TYPES.has(type) ? distroOf(q["distro"] ?? null) : null };
}

/** `debian-12`, `alpine-3.9.6`, `opensuse-leap-15.5`: the id is everything before the last `-<digit>…`. */
export function distroOf(value: string | null): Distribution | null {
  if (value === null) return null;
  const m = /^(.+?)-(\d[^-]*)$/.exec(value);
  if (m === null) return null;
  return { ...osDistribution(m[1] ?? "", m[2] ?? ""), codename: null, prettyName: null };
}

function qualifiedName(type: PackageType, namespace: string | null, name: string): string {
  if (namespace === null || namespace === "") return name;
  switch (type) {
    case "npm":
    case "golang":
    case "composer":
      return `${namespace}/${name}`;
    case "maven":
      return `${namespace}:${name}`;
    case "swift":
      // `pkg:swift/github.com/apple/swift-nio`: the repository path is the package's name.
      return `${namespace}/${name}`;
    case "conan":
      // The namespace is a Conan user: not a ConanCenter recipe, kept apart as the lockfile scanner does.
      return `${name}@${namespace}`;
    default:
      // deb/apk/rpm namespaces name the vendor (`debian`, `alpine`), not part of the package name.
      return name;
  }
}

function sourceOf(type: PackageType, name: string, version: string, upstream: string | null, props: ReadonlyMap<string, string>): Package["source"] {
  const propName = first(props, SOURCE_NAME_KEYS);
  if (propName !== undefined) return { name: propName, version: first(props, SOURCE_VERSION_KEYS) ?? version };
  if (upstream !== null && upstream !== "") {
    if (type === "rpm") return { name: upstream.replace(/\.src\.rpm$/, "").replace(/-[^-]+-[^-]+$/, ""), version };
    const at = upstream.indexOf("@");
    return at > 0 ? { name: upstream.slice(0, at), version: upstream.slice(at + 1) } : { name: upstream, version };
  }
  // claro's OS scanners always record a source, defaulting to the binary package itself.
  return OS_TYPES.has(type) ? { name, version } : null;
}

function first(props: ReadonlyMap<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = props.get(k);
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}
