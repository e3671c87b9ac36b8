import type { Ecosystem } from "../../contracts/ecosystem.js";
import { DEFAULT_ARCHIVE_LIMITS, inspectArchive, type ArchiveInventory, type ArchiveLimits } from "./archive.js";
import { gradleLockScanner, parseGradleLockfile } from "./gradle-lock.js";
import { inventoryOf, JAR_PROBE_ID, jarProbe, jarScanner, mavenPackage, mavenPackageName, packagesOfInventory } from "./jar-scanner.js";
import { mavenMatcher } from "./matcher.js";
import { type JarArtifact, manifestArtifact, nameFromFileName, parseManifest, pomPropertiesArtifact } from "./metadata.js";
import { MAVEN_NAMESPACE, MAVEN_OSV_URL, MAVEN_UPDATER_ID, mavenUpdaters } from "./updater.js";
import { parseSbtLock, sbtLockScanner, type SbtLockEntry } from "./sbt-lock.js";
import { compareMavenVersions, mavenVersionScheme } from "./version.js";

/** Java: JAR/WAR/EAR (and Jenkins .jpi/.hpi) found by a content probe, nested archives included, gradle.lockfile and sbt's build.sbt.lock; matched against OSV Maven. */
export const maven: Ecosystem = {
  name: "maven",
  distributionScanners: [],
  packageScanners: [jarScanner, gradleLockScanner, sbtLockScanner],
  updaters: mavenUpdaters,
  updaterIds: ["osv/maven"],
  matcher: mavenMatcher,
};

export {
  type ArchiveInventory,
  type ArchiveLimits,
  compareMavenVersions,
  DEFAULT_ARCHIVE_LIMITS,
  gradleLockScanner,
  inspectArchive,
  inventoryOf,
  JAR_PROBE_ID,
  type JarArtifact,
  jarProbe,
  jarScanner,
  manifestArtifact,
  MAVEN_NAMESPACE,
  MAVEN_OSV_URL,
  MAVEN_UPDATER_ID,
  mavenMatcher,
  mavenPackage,
  mavenPackageName,
  mavenUpdaters,
  mavenVersionScheme,
  nameFromFileName,
  packagesOfInventory,
  parseGradleLockfile,
  parseManifest,
  parseSbtLock,
  pomPropertiesArtifact,
  type SbtLockEntry,
  sbtLockScanner,
};
