import type { Distribution } from "../../core/distribution.js";

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

export const PINNED_STREAMS = ["eus", "aus", "e4s", "tus"] as const;

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
 * The namespaces whose fixes apply to an image. Without repository information the fallback is
 * the main stream of the major release, plus ELS for 6 and 7 (the only stream still fixed there).
 * Pinned minor streams (EUS…) apply only when the image's content sets say the image was built
 * from them: a main-stream image compared with an older EUS fix would be reported fixed too early.
 */
export function applicableNamespaces(d: Distribution, repositories: readonly string[] = []): string[] {
  const major = rhelMajor(d);
  if (major === null) return [];
  const out = new Set<string>();
  const minor = /^\d+\.(\d+)/.exec(d.versionId)?.[1];
  for (const repo of repositories) {
    const stream = PINNED_STREAMS.find((s) => new RegExp(`-${s}-(?:source-|debug-)?rpms$`).test(repo));
    if (stream && minor !== undefined) out.add(`rhel-${stream}:${major}.${minor}`);
    else if (/-els-rpms$/.test(repo)) out.add(`rhel-els:${major}`);
  }
  // A pinned-minor image still gets main-stream fixes for packages its pinned stream lacks.
  out.add(`rhel:${major}`);
  if (Number(major) <= 7) out.add(`rhel-els:${major}`);
  return [...out];
}
