import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import { suseDistributionScanner } from "./distribution-scanner.js";
import { ovalRpmMatcher, ovalUpdaters, type OvalFeedLayout, type OvalProfile } from "../../feeds/oval/index.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";
import { fromComment, namespaceOf, suseNamespace, TUMBLEWEED_NAMESPACE } from "./releases.js";

export const SUSE_OVAL_BASE = "https://ftp.suse.com/pub/projects/security/oval/";
const UPSTREAM_FILES = [
  "suse.linux.enterprise.12.xml.gz",
  "suse.linux.enterprise.15.xml.gz",
  "opensuse.leap.15.5.xml.gz",
  "opensuse.leap.15.6.xml.gz",
  "opensuse.tumbleweed.xml.gz",
] as const;

function profile(id: string, tumbleweed: boolean): OvalProfile {
  return { updater: id, namespaceOf, defaultNamespace: tumbleweed ? TUMBLEWEED_NAMESPACE : null, fromComment, cvssSource: "suse" };
}

/** `suse.linux.enterprise.15.xml.gz` → `suse/suse.linux.enterprise.15`: the releases are read from the content. */
function fileProfile(name: string): { id: string; profile: OvalProfile } {
  const id = `suse/${name.replace(/\.xml(\.gz|\.bz2)?$/, "")}`;
  return { id, profile: profile(id, /tumbleweed/i.test(name)) };
}

export const suseLayout: OvalFeedLayout = {
  ecosystem: "suse",
  upstream: UPSTREAM_FILES.map((f) => ({ url: SUSE_OVAL_BASE + f, ...fileProfile(f) })),
  fileProfile,
};

export const suseUpdaters: UpdaterFactory = (source, client) => ovalUpdaters(suseLayout, source, client);
export const suseMatcher = ovalRpmMatcher("suse", suseNamespace);

/** SUSE Linux Enterprise and openSUSE: os-release, the shared rpm scanner, SUSE's OVAL. */
export const suse: Ecosystem = {
  name: "suse",
  distributionScanners: [suseDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: suseUpdaters,
  matcher: suseMatcher,
};

export { suseDistributionScanner };
