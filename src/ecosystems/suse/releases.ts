import type { Distribution } from "../../core/distribution.js";
import type { CheckLeaf } from "../../feeds/oval/index.js";

/** Every SUSE Linux Enterprise product and module shares the `sles:<version>` namespace. */
export const SLE = "sles";
export const LEAP = "opensuse-leap";
export const TUMBLEWEED = "opensuse-tumbleweed";
/** Tumbleweed is rolling; its one OVAL file has no release checks. */
export const TUMBLEWEED_NAMESPACE = `${TUMBLEWEED}:rolling`;

/**
 * os-release → namespace. SLED and SLES run the same SLE code streams and SUSE's
 * `suse.linux.enterprise.<N>.xml` covers both, so both query `sles:<VERSION_ID>`.
 */
export function suseNamespace(d: Distribution): string | undefined {
  switch (d.id) {
    case "sles":
    case "sled":
    // SLE Micro 5 (and for Rancher) and SUSE Linux Micro 6: their OVAL release packages
    // (SLE-Micro-release, SL-Micro-release) name `sles:<version>` too.
    case "sle-micro":
    case "sle-micro-rancher":
    case "sl-micro":
      return /^\d+(\.\d+)?$/.test(d.versionId) ? `${SLE}:${d.versionId}` : undefined;
    case "opensuse-leap":
      return `${LEAP}:${d.versionId}`;
    case "opensuse-tumbleweed":
      return TUMBLEWEED_NAMESPACE;
    default:
      return undefined;
  }
}

/** Release packages (`sles-release`, `SLES_SAP-release`, `sle-module-basesystem-release`, `openSUSE-release`). */
function familyOfReleasePackage(name: string): string | undefined {
  const n = name.toLowerCase();
  if (!n.endsWith("-release")) return undefined;
  if (n.startsWith("opensuse")) return LEAP;
  if (/^(sle|sles|sled|suse|sl-micro)[-_]/.test(n)) return SLE;
  return undefined;
}

/** `sles-release` with `version equals 15.1` → `sles:15.1`. */
export function namespaceOf(leaf: CheckLeaf): string | undefined {
  if (leaf.name === null) return undefined;
  const family = familyOfReleasePackage(leaf.name);
  const v = leaf.fields["version"];
  if (family === undefined || v === undefined || v.operation !== "equals" || !/^\d+(\.\d+)?$/.test(v.value)) return undefined;
  return `${family}:${v.value}`;
}

const PRODUCT_RE =
  /^SUSE Linux Enterprise (?:Server|Desktop|High Performance Computing|Module for [A-Za-z ]+?|Workstation Extension|Live Patching|Server for SAP Applications) (\d+)(?: SP(\d+))?(?:-[A-Z]+)? is installed$/;
const LEAP_RE = /^openSUSE Leap (\d+\.\d+) is installed$/;
const FIXED_PKG_RE = /^(\S+)-([^-\s]+)-([^-\s]+) is installed$/;

const releaseLeaf = (name: string, version: string, comment: string): CheckLeaf => ({
  kind: "check",
  testKind: "rpminfo_test",
  negate: false,
  name,
  fields: { version: { operation: "equals", datatype: null, value: version } },
  comment,
  fromComment: true,
});

/**
 * When a test is missing (vunnel's truncated samples), the criterion comment still says it:
 * `SUSE Linux Enterprise Server 15 SP1-LTSS is installed`, `krb5-1.15.2-4.25 is installed`.
 */
export function fromComment(comment: string): CheckLeaf | undefined {
  const c = comment.trim();
  const p = PRODUCT_RE.exec(c);
  if (p) return releaseLeaf("sles-release", p[2] === undefined ? p[1]! : `${p[1]}.${p[2]}`, c);
  const l = LEAP_RE.exec(c);
  if (l) return releaseLeaf("openSUSE-release", l[1]!, c);
  const f = FIXED_PKG_RE.exec(c);
  if (f)
    return {
      kind: "check",
      testKind: "rpminfo_test",
      negate: false,
      name: f[1]!,
      fields: { evr: { operation: "less than", datatype: "evr_string", value: `${f[2]}-${f[3]}` } },
      comment: c,
      fromComment: true,
    };
  return undefined;
}
