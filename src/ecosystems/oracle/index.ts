import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import type { Distribution } from "../../core/distribution.js";
import { oracleDistributionScanner } from "./distribution-scanner.js";
import { ovalRpmMatcher, ovalUpdaters, type CheckLeaf, type OvalFeedLayout, type OvalProfile } from "../../feeds/oval/index.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";

/**
 * Upstream is bzip2-compressed (~hundreds of MB once decompressed): the OVAL reader decompresses
 * it as it parses, so a mirror may hold the `.xml.bz2` as downloaded, or the `.xml`.
 */
export const ORACLE_OVAL_URL = "https://linux.oracle.com/security/oval/com.oracle.elsa-all.xml.bz2";
export const ORACLE_UPDATER_ID = "oracle";

/** os-release `ol` 8.9 → `ol:8`: ELSA OVAL names major releases only. */
export function oracleNamespace(d: Distribution): string | undefined {
  if (d.id !== "ol") return undefined;
  const major = /^(\d+)/.exec(d.versionId)?.[1];
  return major === undefined ? undefined : `ol:${major}`;
}

/** `oraclelinux-release` with version pattern `^8` → `ol:8`. */
function namespaceOf(leaf: CheckLeaf): string | undefined {
  if (leaf.name !== "oraclelinux-release") return undefined;
  const m = /^\^?(\d+)/.exec(leaf.fields["version"]?.value ?? "");
  return m ? `ol:${m[1]}` : undefined;
}

/** `Oracle Linux 5 is installed`, read as vunnel does when the test is missing. */
function fromComment(comment: string): CheckLeaf | undefined {
  const m = /^Oracle Linux (\d+) is installed$/.exec(comment.trim());
  if (!m) return undefined;
  return {
    kind: "check",
    testKind: "rpminfo_test",
    negate: false,
    name: "oraclelinux-release",
    fields: { version: { operation: "pattern match", datatype: null, value: `^${m[1]}` } },
    comment,
    fromComment: true,
  };
}

const profile: OvalProfile = { updater: ORACLE_UPDATER_ID, namespaceOf, defaultNamespace: null, fromComment, cvssSource: "oracle" };

/**
 * One document holds every release; a mirror file is recognised by `elsa` in its name. Oracle also
 * publishes one file per year (`com.oracle.elsa-2024.xml.bz2`): each is its own updater, since an
 * updater's data is replaced as a whole.
 */
export const oracleLayout: OvalFeedLayout = {
  ecosystem: "oracle",
  upstream: [{ id: ORACLE_UPDATER_ID, url: ORACLE_OVAL_URL, profile }],
  fileProfile: (name) => {
    if (!/elsa/i.test(name)) return undefined;
    const year = /elsa-(\d{4})\.xml/i.exec(name)?.[1];
    return { id: year === undefined ? ORACLE_UPDATER_ID : `${ORACLE_UPDATER_ID}/${year}`, profile };
  },
};

/** With the all-years file in a mirror, the per-year files would only repeat its records: it alone is read. */
export const oracleUpdaters: UpdaterFactory = async (source, client) => {
  const ups = await ovalUpdaters(oracleLayout, source, client);
  const all = ups.find((u) => u.id === ORACLE_UPDATER_ID);
  return all ? [all] : ups;
};
export const oracleMatcher = ovalRpmMatcher("oracle", oracleNamespace);

/** Oracle Linux: os-release, the shared rpm scanner, ELSA OVAL. */
export const oracle: Ecosystem = {
  name: "oracle",
  distributionScanners: [oracleDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: oracleUpdaters,
  matcher: oracleMatcher,
};

export { oracleDistributionScanner };
