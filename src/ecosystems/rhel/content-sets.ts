import type { FileTree } from "../../contracts/file-tree.js";
import type { Distribution } from "../../core/distribution.js";
import type { Problem } from "../../core/problem.js";

/**
 * Red Hat-built images (since mid-2020) carry one content manifest per layer Red Hat built, in
 * `root/buildinfo/content_manifests/<component>-<version>-<release>.json`:
 * `{"metadata":{"icm_version":1,…,"image_layer_index":N},"content_sets":[…],"image_contents":[…]}`.
 * `content_sets` names the rpm repositories the layer's packages came from; Red Hat asks scanners
 * to map them to product streams (repository-to-cpe.json) rather than guess from the release.
 */
export const CONTENT_MANIFEST_DIR = "root/buildinfo/content_manifests";
export const CONTENT_MANIFEST_WANTS = `${CONTENT_MANIFEST_DIR}/*.json`;

/**
 * `content_sets`: a list of names, null or absent; undefined when the manifest is anything else.
 * Checked by hand, not with zod: the rhel distribution scanner loads for every image with an
 * os-release, zod only when needed (issue 10 §3).
 */
function contentSetsOf(manifest: unknown): readonly string[] | null | undefined {
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return undefined;
  const sets: unknown = (manifest as Record<string, unknown>)["content_sets"];
  if (sets === undefined || sets === null) return null;
  return Array.isArray(sets) && sets.every((s) => typeof s === "string") ? (sets as string[]) : undefined;
}

/**
 * The content sets the rhel scanner put in `Distribution.repositories`: sorted and deduplicated
 * over every layer's manifest; empty when the image has none (then matching falls back to the
 * release's main stream).
 */
export function contentSetsOfDistribution(d: Distribution): readonly string[] {
  return d.repositories ?? [];
}

/** Every content set named by the image's content manifests; unreadable manifests are problems. */
export function readContentSets(tree: FileTree): { contentSets: string[]; problems: Problem[] } {
  const sets = new Set<string>();
  const problems: Problem[] = [];
  for (const entry of tree.list(CONTENT_MANIFEST_DIR)) {
    if (entry.type !== "file" || !entry.path.endsWith(".json")) continue;
    const raw = tree.read(entry.path);
    if (raw === undefined) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString("utf8"));
    } catch (e) {
      problems.push({ kind: "malformed-record", path: entry.path, line: null, detail: `not JSON (${e instanceof Error ? e.message : String(e)})` });
      continue;
    }
    const contentSets = contentSetsOf(parsed);
    if (contentSets === undefined) {
      problems.push({ kind: "malformed-record", path: entry.path, line: null, detail: "content_sets is not a list of repository names" });
      continue;
    }
    for (const cs of contentSets ?? []) sets.add(cs.trim());
  }
  sets.delete("");
  return { contentSets: [...sets].sort(), problems };
}

export type StreamKind = "main" | "els" | "eus" | "aus" | "e4s" | "tus";

/** What a repository name says: the RHEL major, the stream, and the pinned minor when it names one. */
export interface RepositoryStream {
  readonly major: string;
  readonly stream: StreamKind;
  readonly minor: string | null;
  /** `baseos`, `appstream`, `crb`, `server`…: kept for reports; the namespaces fold variants (streams.ts). */
  readonly variant: string;
}

const SUFFIX = /__(\d+)_DOT_(\d+)$/i;
const TAIL = "(?:-(eus|aus|e4s|tus|els))?-(?:source-|debug-)?rpms$";
const PATTERNS: readonly RegExp[] = [
  // rhel-9-for-x86_64-baseos-rpms, rhel-8-for-aarch64-appstream-eus-rpms, rhel-8-for-x86_64-sap-solutions-e4s-rpms
  new RegExp(`^rhel-(\\d+)-for-[a-z0-9_]+-([a-z0-9-]+?)${TAIL}`),
  // codeready-builder-for-rhel-9-x86_64-rpms, codeready-builder-for-rhel-8-x86_64-eus-rpms
  new RegExp(`^codeready-builder-for-rhel-(\\d+)-[a-z0-9_]+()${TAIL}`),
  // RHEL 6/7: rhel-7-server-rpms, rhel-7-server-optional-rpms, rhel-7-server-eus-rpms, rhel-6-server-els-rpms
  new RegExp(`^rhel-(\\d+)-([a-z0-9-]+?)${TAIL}`),
];

/**
 * Red Hat's repository naming (the keys of repository-to-cpe.json) → stream. Pinned repositories
 * may carry the minor as a `__9_DOT_2` suffix. UBI repositories (`ubi-9-baseos-rpms`…) are the
 * main stream. Anything else (OpenShift, Satellite, third-party repositories) is null: claro keeps
 * no records for those products.
 */
export function streamOfContentSet(name: string): RepositoryStream | null {
  const cs = name.trim().toLowerCase();
  const suffix = SUFFIX.exec(cs);
  const bare = suffix ? cs.slice(0, suffix.index) : cs;
  const ubi = /^ubi-(\d+)-([a-z-]+?)(?:-(?:source|debug))?(?:-rpms)?$/.exec(bare);
  if (ubi) return { major: ubi[1]!, stream: "main", minor: null, variant: ubi[2]! };
  for (const re of PATTERNS) {
    const m = re.exec(bare);
    if (!m) continue;
    const variant = m[2] === "" || m[2] === undefined ? "crb" : m[2];
    const stream = (m[3] ?? "main") as StreamKind;
    const minor = stream === "main" || stream === "els" ? null : (suffix?.[2] ?? null);
    if (suffix && suffix[1] !== m[1]) return null;
    return { major: m[1]!, stream, minor, variant };
  }
  return null;
}
