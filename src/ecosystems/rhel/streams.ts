import type { Distribution } from "../../core/distribution.js";
import { streamOfContentSet } from "./content-sets.js";

/**
 * Red Hat scopes every fix to a product stream named by a CPE. claro keeps only the RHEL streams
 * and folds them into advisory namespaces, so that the store lookup itself does the scoping:
 *
 * - `enterprise_linux:<major>[.<minor>]` (BaseOS, AppStream, CRB, HA, 7's server/workstation…) → `rhel:<major>`
 * - `rhel_els:<major>` (extended life) → `rhel-els:<major>`
 * - `rhel_eus|aus|e4s|tus:<major>.<minor>` (pinned minor releases) → `rhel-eus:9.2`, `rhel-aus:8.2`…
 *
 * Every other product (OpenShift, Software Collections, JBoss, Satellite…) is dropped: its
 * packages reuse RHEL names with unrelated versions, which is how Clair v2 produced false
 * positives on CentOS when it matched RHSAs without regard to the product.
 */
const CPE_RE = /^cpe:\/[aho]:redhat:([a-z0-9_]+):(\d+)(?:\.(\d+))?(?::|$)/;

export function namespaceOfCpe(cpe: string): string | null {
  const m = CPE_RE.exec(cpe.trim());
  if (!m) return null;
  const [, product, major, minor] = m;
  if (product === "enterprise_linux") return `rhel:${major}`;
  if (product === "rhel_els") return `rhel-els:${major}`;
  const pinned = /^rhel_(eus|aus|e4s|tus)$/.exec(product!);
  if (pinned && minor !== undefined) return `rhel-${pinned[1]}:${major}.${minor}`;
  return null;
}

/** The RHEL major a distribution's release corresponds to (CentOS 7.9.2009 → 7, Rocky 9.3 → 9). */
export function rhelMajor(d: Distribution): string | null {
  return /^(\d+)/.exec(d.versionId)?.[1] ?? null;
}

/**
 * The namespaces whose records apply to an image, from the content sets its manifests name
 * (content-sets.ts), the way Red Hat's scanner guidance maps repositories to CPEs:
 *
 * - a main-stream repository (`rhel-9-for-x86_64-baseos-rpms`, `ubi-9-appstream-rpms`) → `rhel:9`;
 * - a pinned one (`…-baseos-eus-rpms__9_DOT_2`) → `rhel-eus:9.2` (minor from the suffix, else from
 *   os-release), and `rhel:9` as well: Red Hat files unfixed states under the major-only CPE
 *   shared by main and EUS, and a fix the pinned stream never got is only in main;
 * - repositories of other products, or of another major, add nothing.
 *
 * Without content sets (or none that map) the fallback is the main stream of the major. Pinned
 * streams then never apply: a main-stream image compared with an older EUS fix would be reported
 * fixed too early. ELS is added for 6 and 7 in both cases: it is the only stream still fixed
 * there, so its fixes say where an unpatched main-stream package is fixed now.
 */
export function applicableNamespaces(d: Distribution, contentSets: readonly string[] = []): string[] {
  const major = rhelMajor(d);
  if (major === null) return [];
  // Order matters: the engine keeps the first finding per (vulnerability, package), so the
  // image's own pinned stream comes before the main stream it falls back to.
  const pinned = new Set<string>();
  const osMinor = /^\d+\.(\d+)/.exec(d.versionId)?.[1] ?? null;
  for (const cs of contentSets) {
    const s = streamOfContentSet(cs);
    if (s === null || s.major !== major || s.stream === "main") continue;
    if (s.stream === "els") pinned.add(`rhel-els:${major}`);
    else {
      const minor = s.minor ?? osMinor;
      if (minor !== null) pinned.add(`rhel-${s.stream}:${major}.${minor}`);
    }
  }
  const out = [...[...pinned].sort(), `rhel:${major}`];
  if (Number(major) <= 7 && !pinned.has(`rhel-els:${major}`)) out.push(`rhel-els:${major}`);
  return out;
}
