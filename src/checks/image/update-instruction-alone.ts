import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { clip, historySteps, packageManagerCall, splitCommands } from "./history-util.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION, CONFIG_MISSING } from "./section-util.js";

const UPDATE = new Set(["update", "refresh", "ref", "makecache"]);
const INSTALL = new Set(["install", "upgrade", "dist-upgrade", "full-upgrade", "add", "in", "up", "reinstall", "dup"]);

/** True when a RUN updates the package index with no install/upgrade after it in the same RUN. */
export function updateAlone(command: string): boolean {
  let pendingUpdate = false;
  for (const simple of splitCommands(command)) {
    const call = packageManagerCall(simple);
    if (call === null) continue;
    if (UPDATE.has(call.subcommand)) pendingUpdate = true;
    else if (INSTALL.has(call.subcommand)) pendingUpdate = false;
  }
  return pendingUpdate;
}

/** CIS 4.7: an index update in its own RUN is cached as a layer and goes stale; it must share a RUN with the install. */
export const updateInstructionAlone: CheckRule<ImageCheckInput> = {
  id: "update-instruction-alone",
  group: "image",
  benchmarkIds: { "1.6.0": "4.7" },
  references: ["CIS-DI-0007", "DS017"],
  title: "Ensure update instructions are not used alone in the Dockerfile",
  section: CIS_SECTION,
  level: 1,
  severity: "medium",
  needs: ["image config: history created_by"],
  remediation: "Run the index update and the install in one RUN: `RUN apt-get update && apt-get install -y pkg` (or `apk add --no-cache pkg`).",
  evaluate(input) {
    if (input.config === null) return { status: "skip", missing: CONFIG_MISSING };
    if ((input.config.history ?? []).length === 0) return { status: "skip", missing: "image history (the config has none)" };
    const evidence: Evidence[] = [];
    for (const step of historySteps(input.config)) {
      if (step.instruction === "RUN" && updateAlone(step.body)) {
        evidence.push({
          file: "config",
          key: `history[${step.index}]`,
          value: clip(step.createdBy),
          detail: "package index update without a later install in the same RUN",
        });
      }
    }
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
