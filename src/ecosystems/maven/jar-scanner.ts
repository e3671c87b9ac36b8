import type { FileTree } from "../../contracts/file-tree.js";
import type { ContentProbe, PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { formatPurlLenient } from "../../formats/purl.js";
import { type ArchiveInventory, DEFAULT_ARCHIVE_LIMITS, inspectArchive } from "./archive.js";
import { isArchiveName, type JarArtifact } from "./metadata.js";

export const JAR_PROBE_ID = "java-archive";

/**
 * Java archives live anywhere (app dirs, Tomcat webapps, Jenkins plugins as .jpi/.hpi), so they
 * are found by name while a layer streams: each one up to 256 MiB is read once, its nested
 * archives are opened in memory, and only the artifact list (a few hundred bytes) is kept.
 */
export const jarProbe: ContentProbe = {
  id: JAR_PROBE_ID,
  maxBytes: 256 * 1024 * 1024,
  // 22 bytes is an empty zip: anything smaller cannot be an archive.
  match: (e) => e.size >= 22 && isArchiveName(e.path),
  // Nested archives are inflated in memory, so they are charged to what is left of the scan's budget.
  run: (content, path, maxExtraBytes) => {
    const limits =
      maxExtraBytes === undefined
        ? DEFAULT_ARCHIVE_LIMITS
        : { ...DEFAULT_ARCHIVE_LIMITS, maxInflatedBytes: Math.min(DEFAULT_ARCHIVE_LIMITS.maxInflatedBytes, maxExtraBytes) };
    const inv = inspectArchive(content, path, limits);
    return inv.artifacts.length === 0 && inv.problems.length === 0 ? undefined : inv;
  },
};

const EVIDENCE: ReadonlySet<string> = new Set(["pom.properties", "pom.xml", "manifest", "file-name"]);

function artifactOf(v: unknown): JarArtifact | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const { groupId, artifactId, version, path, source } = v as Record<string, unknown>;
  if (typeof groupId !== "string" || typeof artifactId !== "string" || artifactId === "" || typeof version !== "string" || version === "") return undefined;
  if (typeof path !== "string" || typeof source !== "string" || !EVIDENCE.has(source)) return undefined;
  return { groupId, artifactId, version, path, source: source as JarArtifact["source"] };
}

/**
 * The probe result on a tree entry, validated: it crossed the image boundary (and a layer cache).
 * Checked by hand, not with zod: this module loads for every scan (its probe looks at every
 * archive), zod only when needed (issue 10 §3).
 */
export function inventoryOf(probes: Readonly<Record<string, unknown>> | undefined): ArchiveInventory | undefined {
  const v = probes?.[JAR_PROBE_ID];
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const { artifacts, problems } = v as Record<string, unknown>;
  if (!Array.isArray(artifacts) || !Array.isArray(problems)) return undefined;
  const out: JarArtifact[] = [];
  for (const a of artifacts as unknown[]) {
    const artifact = artifactOf(a);
    if (artifact === undefined) return undefined;
    out.push(artifact);
  }
  if (!problems.every((p: unknown) => typeof p === "object" && p !== null && "kind" in p)) return undefined;
  return { artifacts: out, problems: [...(problems as Problem[])] };
}

/** `groupId:artifactId`, or the bare artifactId when nothing names its group. */
export function mavenPackageName(a: Pick<JarArtifact, "groupId" | "artifactId">): string {
  return a.groupId === "" ? a.artifactId : `${a.groupId}:${a.artifactId}`;
}

/**
 * A package for one artifact. Without a group the purl has no namespace: the purl spec requires
 * one for maven, but an honest `pkg:maven/<artifact>@<version>` beats a guessed group.
 */
export function mavenPackage(
  a: Pick<JarArtifact, "groupId" | "artifactId" | "version"> & Partial<Pick<JarArtifact, "source">>,
  foundIn: string,
): ScannedPackage {
  return {
    name: mavenPackageName(a),
    version: a.version,
    type: "maven",
    arch: null,
    source: null,
    purl: formatPurlLenient({ type: "maven", namespace: a.groupId === "" ? null : a.groupId, name: a.artifactId, version: a.version }),
    foundIn,
    ...(a.source ? { evidence: a.source } : {}),
  };
}

/**
 * Packages of one archive on disk: one per artifact, the same name@version reported once even
 * when a fat jar carries it twice. `foundIn` is the archive's own path, so an OS package that
 * ships the jar owns it (see the indexer's detection priority).
 */
export function packagesOfInventory(inv: ArchiveInventory, foundIn: string): ScannedPackage[] {
  const seen = new Set<string>();
  const out: ScannedPackage[] = [];
  for (const a of inv.artifacts) {
    const p = mavenPackage(a, foundIn);
    const key = `${p.name}@${p.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

export const jarScanner: PackageScanner = {
  id: "java-archive",
  version: 1,
  kind: "package",
  wants: [],
  probe: jarProbe,
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const e of tree.entries()) {
      if (e.type !== "file" || e.probes === undefined) continue;
      const inv = inventoryOf(e.probes);
      if (!inv) continue;
      found.push(...packagesOfInventory(inv, e.path));
      problems.push(...inv.problems);
    }
    return { found, problems };
  },
};
