import type { PackageEvidence } from "../../core/package.js";
import type { PomCoordinates } from "./pom-xml.js";

/** One Maven artifact identified inside an archive, and which evidence named it. */
export interface JarArtifact {
  /** Empty when no evidence names a group (a bare file name, a manifest without vendor ids). */
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  /** Member the data came from, `!/`-joined through nested archives: `WEB-INF/lib/a.jar!/META-INF/maven/g/a/pom.properties`. */
  readonly path: string;
  readonly source: MavenEvidence;
}

/** Which evidence named a Maven artifact, strongest first; reported with the package. */
export type MavenEvidence = PackageEvidence;

/** `key=value` / `key: value` lines of a Java properties file (no escapes or continuations: pom.properties has none). */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/** groupId/artifactId/version from a pom.properties, or undefined when any is missing. */
export function pomPropertiesArtifact(text: string, path: string): JarArtifact | undefined {
  const p = parseProperties(text);
  const groupId = p.get("groupId") ?? "";
  const artifactId = p.get("artifactId") ?? "";
  const version = p.get("version") ?? "";
  if (groupId === "" || artifactId === "" || version === "") return undefined;
  return { groupId, artifactId, version, path, source: "pom.properties" };
}

/**
 * The main section of a MANIFEST.MF (up to the first blank line), with continuation lines (a
 * leading space) joined, as the JAR spec defines them. Later per-entry sections (`Name:`) describe
 * packages inside the jar, not the jar, so they are ignored.
 */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === "") {
      if (out.size > 0) break;
      continue;
    }
    if (line.startsWith(" ") && key !== undefined) {
      out.set(key, out.get(key)! + line.slice(1));
      continue;
    }
    const i = line.indexOf(":");
    if (i <= 0) continue;
    key = line.slice(0, i).trim();
    out.set(key, line.slice(i + 1).trim());
  }
  return out;
}

const ARCHIVE_EXT = /\.(jar|war|ear|jpi|hpi)$/i;

/** `name-version.jar` → name and version (the version starts at the first `-<digit>`), as claircore and syft read names. */
export function nameFromFileName(fileName: string): { readonly name: string; readonly version: string } | undefined {
  const base = fileName.slice(fileName.lastIndexOf("/") + 1);
  const m = /^(.+?)-(\d[\w.+~-]*)$/.exec(base.replace(ARCHIVE_EXT, ""));
  return m ? { name: m[1]!, version: m[2]! } : undefined;
}

const ID = /^[A-Za-z0-9_][\w.-]*$/;

function firstToken(v: string | undefined): string {
  return (v ?? "").split(/[\s;]/)[0] ?? "";
}

/**
 * The identity a manifest gives when there is no pom (Trivy's and syft's fallback): version from
 * Implementation-, then (Jenkins) Plugin-, then Bundle-, then Specification-Version; artifactId
 * from the file name (minus a `<group>.` prefix the manifest names), else Short-Name,
 * Extension-Name, a machine-like Implementation-Title, else the last segment of the OSGi symbolic
 * name; groupId from Jenkins' Group-Id or Implementation-Vendor-Id, else the symbolic or automatic
 * module name when it is `<group>.<artifactId>` for an artifactId known from elsewhere. A group cut
 * from the same symbolic name the artifactId came from is a guess (Tomcat's
 * `org.apache.tomcat-embed-websocket` is group org.apache.tomcat.embed), so then none is named.
 * Undefined when no version or name can be found.
 */
export function manifestArtifact(text: string, archiveName: string, path: string): JarArtifact | undefined {
  const mf = parseManifest(text);
  const version = versionOfManifest(mf);
  if (version === "") return undefined;
  const symbolic = firstToken(mf.get("Bundle-SymbolicName"));
  const title = mf.get("Implementation-Title") ?? "";
  const vendorId = mf.get("Group-Id") || mf.get("Implementation-Vendor-Id") || "";
  const fromName = nameFromFileName(archiveName)?.name;
  const named = fromName ?? (mf.get("Short-Name") || mf.get("Extension-Name") || (ID.test(title) && !title.includes(".") ? title : ""));
  const artifactId = named
    ? vendorId !== "" && named.startsWith(`${vendorId}.`)
      ? named.slice(vendorId.length + 1)
      : named
    : symbolic.slice(symbolic.lastIndexOf(".") + 1);
  if (artifactId === "" || !ID.test(artifactId)) return undefined;
  let groupId = vendorId;
  if (groupId === "" && named) {
    for (const id of [symbolic, firstToken(mf.get("Automatic-Module-Name"))]) {
      if (id.endsWith(`.${artifactId}`)) {
        groupId = id.slice(0, -artifactId.length - 1);
        break;
      }
    }
  }
  return { groupId: ID.test(groupId) ? groupId : "", artifactId, version, path, source: "manifest" };
}

function versionOfManifest(mf: Map<string, string>): string {
  return firstToken(mf.get("Implementation-Version") || mf.get("Plugin-Version") || mf.get("Bundle-Version") || mf.get("Specification-Version"));
}

/**
 * A pom.xml's coordinates. When the pom leaves its version to a property it does not define, the
 * manifest's version is taken, else the file name's if the file name is the same artifact.
 */
export function pomXmlArtifact(pom: PomCoordinates, manifest: string | undefined, archiveName: string, path: string): JarArtifact | undefined {
  const fromName = nameFromFileName(archiveName);
  const version =
    pom.version || (manifest === undefined ? "" : versionOfManifest(parseManifest(manifest))) || (fromName?.name === pom.artifactId ? fromName.version : "");
  return version === "" ? undefined : { groupId: pom.groupId, artifactId: pom.artifactId, version, path, source: "pom.xml" };
}

/** The last resort: the archive's own file name. */
export function fileNameArtifact(archiveName: string, path: string): JarArtifact | undefined {
  const n = nameFromFileName(archiveName);
  return n ? { groupId: "", artifactId: n.name, version: n.version, path, source: "file-name" } : undefined;
}

export function isArchiveName(name: string): boolean {
  return ARCHIVE_EXT.test(name);
}
