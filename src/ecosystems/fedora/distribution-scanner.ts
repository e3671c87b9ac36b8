import type { FileTree } from "../../contracts/file-tree.js";
import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { Distribution } from "../../core/distribution.js";
import { osReleaseDistributionScanner } from "../../formats/os-release-scanner.js";

const FEDORA_RELEASE = "etc/fedora-release";

/**
 * Finds Fedora from os-release (`ID=fedora`), else from etc/fedora-release. Rawhide images say
 * `VERSION_ID=<next number>` plus `REDHAT_SUPPORT_PRODUCT_VERSION=rawhide`; the codename field
 * carries `rawhide` then, so reports can tell the two apart.
 */
export const fedoraDistributionScanner: DistributionScanner = osReleaseDistributionScanner({
  id: "fedora-release",
  version: 1,
  ids: ["fedora"],
  wants: [FEDORA_RELEASE],
  release: (vars) => {
    const versionId = vars["VERSION_ID"]?.trim() ?? "";
    if (versionId === "") return "Fedora os-release without VERSION_ID";
    const rawhide = vars["REDHAT_SUPPORT_PRODUCT_VERSION"]?.toLowerCase() === "rawhide";
    return { id: "fedora", versionId, codename: rawhide ? "rawhide" : null, prettyName: vars["PRETTY_NAME"] ?? null };
  },
  withoutOsRelease: fromFedoraRelease,
});

function fromFedoraRelease(tree: FileTree): ScanResult<Distribution> {
  const text = tree.read(FEDORA_RELEASE)?.toString("utf8").trim();
  if (text === undefined || text === "") return { found: [], problems: [] };
  const m = /^Fedora release ([0-9]+)\b(?:.*\((Rawhide)\))?/i.exec(text);
  if (!m)
    return {
      found: [],
      problems: [{ kind: "malformed-record", path: FEDORA_RELEASE, line: 1, detail: `unrecognised Fedora release '${text.split("\n")[0]}'` }],
    };
  return { found: [{ id: "fedora", versionId: m[1]!, codename: m[2] ? "rawhide" : null, prettyName: text.split("\n")[0]! }], problems: [] };
}
