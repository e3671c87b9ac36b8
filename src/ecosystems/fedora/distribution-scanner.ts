import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { Distribution } from "../../core/distribution.js";
import type { Problem } from "../../core/problem.js";
import { parseOsRelease } from "../../formats/os-release.js";

const OS_RELEASE_PATHS = ["etc/os-release", "usr/lib/os-release"] as const;
const FEDORA_RELEASE = "etc/fedora-release";

/**
 * Finds Fedora from os-release (`ID=fedora`), else from etc/fedora-release. Rawhide images say
 * `VERSION_ID=<next number>` plus `REDHAT_SUPPORT_PRODUCT_VERSION=rawhide`; the codename field
 * carries `rawhide` then, so reports can tell the two apart.
 */
export const fedoraDistributionScanner: DistributionScanner = {
  id: "fedora-release",
  version: 1,
  kind: "distribution",
  wants: [...OS_RELEASE_PATHS, FEDORA_RELEASE],
  scan(tree: FileTree): ScanResult<Distribution> {
    const problems: Problem[] = [];
    for (const path of OS_RELEASE_PATHS) {
      const raw = tree.read(path);
      if (raw === undefined) continue;
      const vars = parseOsRelease(raw.toString("utf8"));
      if (vars["ID"] !== "fedora") return { found: [], problems };
      const versionId = vars["VERSION_ID"]?.trim() ?? "";
      if (versionId === "") {
        problems.push({ kind: "malformed-record", path, line: null, detail: "Fedora os-release without VERSION_ID" });
        return { found: [], problems };
      }
      const rawhide = vars["REDHAT_SUPPORT_PRODUCT_VERSION"]?.toLowerCase() === "rawhide";
      return { found: [{ id: "fedora", versionId, codename: rawhide ? "rawhide" : null, prettyName: vars["PRETTY_NAME"] ?? null }], problems };
    }
    const text = tree.read(FEDORA_RELEASE)?.toString("utf8").trim();
    if (text === undefined || text === "") return { found: [], problems };
    const m = /^Fedora release ([0-9]+)\b(?:.*\((Rawhide)\))?/i.exec(text);
    if (!m) {
      problems.push({ kind: "malformed-record", path: FEDORA_RELEASE, line: 1, detail: `unrecognised Fedora release '${text.split("\n")[0]}'` });
      return { found: [], problems };
    }
    return { found: [{ id: "fedora", versionId: m[1]!, codename: m[2] ? "rawhide" : null, prettyName: text.split("\n")[0]! }], problems };
  },
};
