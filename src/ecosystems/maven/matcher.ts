import type { Matcher } from "../../contracts/matcher.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { MAVEN_NAMESPACE } from "./updater.js";
import { compareMavenVersions } from "./version.js";

/**
 * Maven artifacts against OSV/GHSA by `groupId:artifactId`, with Maven's version order. An
 * artifact whose group could not be found has a bare name and simply matches nothing.
 */
export const mavenMatcher: Matcher = {
  id: "maven",
  handles: (pkg) => pkg.type === "maven",
  queries: (pkg) => [{ namespace: MAVEN_NAMESPACE, packageName: pkg.name, packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareMavenVersions),
};
