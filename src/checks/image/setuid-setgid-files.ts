import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { type ImageCheckInput, isEmptyTree } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;

function describeMode(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(4, "0")}`;
}

/**
 * CIS 4.8 is "manual" in the benchmark because a person must decide which setuid binaries the
 * workload needs. claro lists them as a low-severity fail (Dockle's CIS-DI-0008 reports the
 * same list as INFO): a manual outcome has no evidence, and the list is the useful part.
 */
export const setuidSetgidFiles: CheckRule<ImageCheckInput> = {
  id: "setuid-setgid-files",
  group: "image",
  benchmarkIds: { "1.6.0": "4.8" },
  references: ["CIS-DI-0008"],
  title: "Ensure setuid and setgid permissions are removed",
  section: CIS_SECTION,
  level: 2,
  severity: "low",
  needs: ["image filesystem: file modes (merged across layers)"],
  remediation: "Remove the bits from binaries the container does not need, e.g. `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true`.",
  evaluate(input) {
    if (isEmptyTree(input.tree)) return { status: "skip", missing: "image filesystem" };
    const evidence: Evidence[] = [];
    for (const e of input.tree.entries()) {
      if (e.type !== "file" || (e.mode & (S_ISUID | S_ISGID)) === 0) continue;
      const bits = [(e.mode & S_ISUID) !== 0 ? "setuid" : null, (e.mode & S_ISGID) !== 0 ? "setgid" : null].filter(Boolean).join("+");
      evidence.push({ file: e.path, value: describeMode(e.mode), detail: `${bits}, owner ${e.uid}:${e.gid}` });
    }
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass", detail: "no setuid or setgid files" };
  },
};
