import type { Matcher } from "../../contracts/matcher.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { compareGoVersions } from "./version.js";

export const GO_NAMESPACE = "osv:Go";

/**
 * Go modules against the Go vulnerability database (OSV ecosystem `Go`), by module path; the
 * toolchain is the package `stdlib` (and `toolchain` for the go command), as vulndb names them.
 * No distribution needed.
 */
export const goMatcher: Matcher = {
  id: "golang",
  handles: (pkg) => pkg.type === "golang",
  queries: (pkg) => [{ namespace: GO_NAMESPACE, packageName: pkg.name, packageKind: "binary" }],
  isAffected: (pkg, advisory) => isAffectedByRange(pkg.version, advisory, compareGoVersions),
};
