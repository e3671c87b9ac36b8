import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { AdvisoryQuery, Matcher } from "../../contracts/matcher.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { photonDistributionScanner } from "./distribution-scanner.js";
import { ovalRpmMatcher, ovalUpdaters, type CheckLeaf, type OvalFeedLayout, type OvalProfile } from "../../feeds/oval/index.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";

export const PHOTON_OVAL_BASE = "https://packages.vmware.com/photon/photon_oval_definitions/";
const RELEASES = ["1", "2", "3", "4", "5"] as const;

/** `3.0` → `photon:3`: the OVAL files are per major release. */
export function photonNamespace(d: Distribution): string | undefined {
  if (d.id !== "photon") return undefined;
  const major = /^(\d+)/.exec(d.versionId)?.[1];
  return major === undefined ? undefined : `photon:${major}`;
}

/** `photon-release` with version pattern `^3[^\d]` (or the comment `Photon OS 3 is installed`) → `photon:3`. */
function namespaceOf(leaf: CheckLeaf): string | undefined {
  if (leaf.name !== "photon-release") return undefined;
  const m = /^\^?(\d+)/.exec(leaf.fields["version"]?.value ?? "");
  return m ? `photon:${m[1]}` : undefined;
}

function fromComment(comment: string): CheckLeaf | undefined {
  const m = /^Photon OS (\d+) is installed$/.exec(comment.trim());
  if (!m) return undefined;
  return {
    kind: "check",
    testKind: "rpminfo_test",
    negate: false,
    name: "photon-release",
    fields: { version: { operation: "pattern match", datatype: null, value: `^${m[1]}[^\\d]` } },
    comment,
    fromComment: true,
  };
}

function profile(id: string): OvalProfile {
  return { updater: id, namespaceOf, defaultNamespace: null, fromComment, cvssSource: "photon" };
}

export const photonLayout: OvalFeedLayout = {
  ecosystem: "photon",
  upstream: RELEASES.map((r) => ({ id: `photon/${r}`, url: `${PHOTON_OVAL_BASE}com.vmware.phsa-photon${r}.xml`, profile: profile(`photon/${r}`) })),
  fileProfile(name) {
    const r = /phsa-photon(\d+)\.xml/.exec(name)?.[1];
    return r === undefined ? undefined : { id: `photon/${r}`, profile: profile(`photon/${r}`) };
  },
};

export const photonUpdaters: UpdaterFactory = (source, client) => ovalUpdaters(photonLayout, source, client);
const byBinaryName = ovalRpmMatcher("photon", photonNamespace);

/**
 * Photon's advisories are written per source package (PHSA lists `curl`, not always
 * `curl-libs`), so each binary rpm is also looked up under its source rpm's name. The binary's
 * own rows come first, so where both exist its fixed version is the one reported.
 */
export const photonMatcher: Matcher = {
  ...byBinaryName,
  queries(pkg: Package, distribution: Distribution | null): readonly AdvisoryQuery[] {
    const own = byBinaryName.queries(pkg, distribution);
    const source = pkg.source?.name;
    if (source === undefined || source === pkg.name) return own;
    return [...own, ...byBinaryName.queries({ ...pkg, name: source }, distribution)];
  },
};

/** VMware Photon OS: os-release, the shared rpm scanner, PHSA OVAL per major release. */
export const photon: Ecosystem = {
  name: "photon",
  distributionScanners: [photonDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: photonUpdaters,
  matcher: photonMatcher,
};

export { photonDistributionScanner };
