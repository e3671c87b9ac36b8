import type { Problem } from "../../core/problem.js";
import { isZip, readZipMember, zipMembers, type ZipMember } from "../../formats/zip.js";
import { fileNameArtifact, isArchiveName, type JarArtifact, manifestArtifact, pomPropertiesArtifact, pomXmlArtifact } from "./metadata.js";
import { pomXmlCoordinates } from "./pom-xml.js";

export interface ArchiveLimits {
  /** Nesting depth below the archive on disk (a jar in a war in an ear is depth 2). */
  readonly maxDepth: number;
  /** Bytes inflated in total for one archive on disk, across every nesting level (zip bombs). */
  readonly maxInflatedBytes: number;
  /** A metadata member (pom.properties, MANIFEST.MF) larger than this is not read. */
  readonly maxMetadataBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxDepth: 8,
  maxInflatedBytes: 512 * 1024 * 1024,
  maxMetadataBytes: 1024 * 1024,
};

/** What one archive on disk holds: its artifacts (nested ones included) and what could not be read. */
export interface ArchiveInventory {
  readonly artifacts: JarArtifact[];
  readonly problems: Problem[];
}

interface Budget {
  remaining: number;
}

const POM_PROPERTIES = /^META-INF\/maven\/.+\/pom\.properties$/;
const POM_XML = /^META-INF\/maven\/.+\/pom\.xml$/;

/**
 * Everything Maven-shaped in a JAR/WAR/EAR held in memory: one artifact per
 * `META-INF/maven/**​/pom.properties` (a shaded jar keeps several), else the manifest's identity,
 * else the file name; then the same for every archive nested inside, read in memory. Damaged zips,
 * depth and inflation caps become problems, never exceptions.
 */
export function inspectArchive(content: Buffer, path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ArchiveInventory {
  const out: ArchiveInventory = { artifacts: [], problems: [] };
  walk(content, path, "", 0, limits, { remaining: limits.maxInflatedBytes }, out);
  return out;
}

function walk(body: Buffer, diskPath: string, prefix: string, depth: number, limits: ArchiveLimits, budget: Budget, out: ArchiveInventory): void {
  const where = prefix === "" ? diskPath : `${diskPath}!/${prefix.slice(0, -2)}`;
  if (!isZip(body)) {
    out.problems.push({ kind: "unreadable-file", path: where, detail: "not a zip archive" });
    return;
  }
  let members: readonly ZipMember[];
  try {
    members = zipMembers(body, where);
  } catch (err) {
    out.problems.push({ kind: "unreadable-file", path: where, detail: err instanceof Error ? err.message : String(err) });
    return;
  }
  const read = (m: ZipMember, cap: number): Buffer | undefined => {
    const limit = Math.min(cap, budget.remaining);
    if (m.size > limit) {
      out.problems.push({ kind: "file-too-large", path: `${where}!/${m.name}`, size: m.size, limit });
      return undefined;
    }
    try {
      const data = readZipMember(body, m, where, limit);
      budget.remaining -= data.length;
      return data;
    } catch (err) {
      if (err instanceof RangeError) {
        // The directory under-stated the size: a hostile archive, so nothing more of it is inflated.
        out.problems.push({ kind: "file-too-large", path: `${where}!/${m.name}`, size: m.size, limit });
        budget.remaining = 0;
      } else {
        out.problems.push({ kind: "unreadable-file", path: `${where}!/${m.name}`, detail: err instanceof Error ? err.message : String(err) });
      }
      return undefined;
    }
  };
  const found: JarArtifact[] = [];
  for (const m of members) {
    if (!POM_PROPERTIES.test(m.name)) continue;
    const data = read(m, limits.maxMetadataBytes);
    const a = data && pomPropertiesArtifact(data.toString("utf8"), prefix + m.name);
    if (a) found.push(a);
  }
  const archiveName = prefix === "" ? diskPath : prefix.slice(0, -2);
  if (found.length === 0) {
    const mf = members.find((m) => m.name === "META-INF/MANIFEST.MF");
    const manifest = (mf && read(mf, limits.maxMetadataBytes))?.toString("utf8");
    // Builds that skip pom.properties (Gradle's publishing, some shading) still ship pom.xml.
    for (const m of members) {
      if (!POM_XML.test(m.name)) continue;
      const pom = pomXmlCoordinates(read(m, limits.maxMetadataBytes)?.toString("utf8") ?? "");
      const a = pom && pomXmlArtifact(pom, manifest, archiveName, prefix + m.name);
      if (a) found.push(a);
    }
    const a =
      (manifest !== undefined && manifestArtifact(manifest, archiveName, prefix + mf!.name)) ||
      fileNameArtifact(archiveName, prefix === "" ? "." : prefix.slice(0, -2));
    if (found.length === 0 && a) found.push(a);
  }
  out.artifacts.push(...found);
  for (const m of members) {
    if (m.name.endsWith("/") || !isArchiveName(m.name)) continue;
    if (depth + 1 > limits.maxDepth) {
      out.problems.push({ kind: "unsupported", detail: `${where}!/${m.name}: archives nested deeper than ${limits.maxDepth} levels are not read` });
      continue;
    }
    const inner = read(m, budget.remaining);
    if (inner) walk(inner, diskPath, `${prefix}${m.name}!/`, depth + 1, limits, budget, out);
  }
}
