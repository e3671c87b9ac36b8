import type { DistributionScanner, ScanResult } from "../../contracts/scanner.js";
import type { FileTree } from "../../contracts/file-tree.js";
import type { Distribution } from "../../core/distribution.js";
import { osReleaseDistributionScanner } from "../../formats/os-release-scanner.js";
import { AMAZON_DISTRIBUTION_ID } from "./releases.js";

const SYSTEM_RELEASE = "etc/system-release";

/**
 * Finds Amazon Linux from os-release (`ID=amzn`), falling back to etc/system-release only when
 * there is no os-release at all: early AL1 AMIs (2015.09 and before) ship no os-release, and
 * other rpm distributions have a system-release too, so it never overrides an os-release.
 */
export const amazonDistributionScanner: DistributionScanner = osReleaseDistributionScanner({
  id: "amazon-release",
  version: 1,
  ids: [AMAZON_DISTRIBUTION_ID],
  wants: [SYSTEM_RELEASE],
  release: (vars) => {
    const versionId = vars["VERSION_ID"]?.trim() ?? "";
    if (versionId === "") return "Amazon Linux os-release without VERSION_ID";
    return { id: AMAZON_DISTRIBUTION_ID, versionId, codename: null, prettyName: vars["PRETTY_NAME"] ?? null };
  },
  withoutOsRelease: (tree: FileTree): ScanResult<Distribution> => {
    const text = tree.read(SYSTEM_RELEASE)?.toString("utf8").trim();
    if (text === undefined || !/^Amazon Linux/i.test(text)) return { found: [], problems: [] };
    const dist = fromSystemRelease(text);
    if (!dist)
      return { found: [], problems: [{ kind: "malformed-record", path: SYSTEM_RELEASE, line: 1, detail: `unrecognised Amazon Linux release '${text}'` }] };
    return { found: [dist], problems: [] };
  },
});

/**
 * `Amazon Linux AMI release 2018.03` → 2018.03; `Amazon Linux release 2 (Karoo)` → 2;
 * `Amazon Linux release 2023.3.20240131 (Amazon Linux)` → 2023 (os-release's VERSION_ID form).
 */
export function fromSystemRelease(text: string): Distribution | undefined {
  const line = text.split("\n")[0]!.trim();
  const ami = /^Amazon Linux AMI release ([0-9]{4}\.[0-9]{2})\b/i.exec(line);
  if (ami) return { id: AMAZON_DISTRIBUTION_ID, versionId: ami[1]!, codename: null, prettyName: line };
  const m = /^Amazon Linux release ([0-9]+)(?:\.[0-9.]+)?\b/i.exec(line);
  if (m) return { id: AMAZON_DISTRIBUTION_ID, versionId: m[1]!, codename: null, prettyName: line };
  return undefined;
}
