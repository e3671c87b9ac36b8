import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { clip, commandParts, historySteps, programName, splitCommands } from "./history-util.js";
import type { ImageCheckInput } from "./input.js";
import { CONFIG_MISSING, EXTRA_SECTION } from "./section-util.js";

/** True when a shell command runs `sudo` as a program (installing the sudo package does not count). */
export function runsSudo(command: string): boolean {
  return splitCommands(command).some((simple) => programName(commandParts(simple).argv) === "sudo");
}

/** Dockle DKL-DI-0001: sudo in a build step means the build switched users to regain root, or ships sudo rules. */
export const sudoUsage: CheckRule<ImageCheckInput> = {
  id: "sudo-usage",
  group: "image",
  benchmarkIds: {},
  references: ["DKL-DI-0001", "DS010", "DL3004"],
  title: "Avoid sudo in build steps",
  section: EXTRA_SECTION,
  level: 1,
  severity: "high",
  needs: ["image config: history created_by"],
  remediation:
    "Run privileged build steps before `USER`, or switch with `USER root` … `USER app`; use gosu/su-exec at run time if a drop of privileges is needed.",
  evaluate(input) {
    if (input.config === null) return { status: "skip", missing: CONFIG_MISSING };
    if ((input.config.history ?? []).length === 0) return { status: "skip", missing: "image history (the config has none)" };
    const evidence: Evidence[] = historySteps(input.config)
      .filter((s) => s.instruction === "RUN" && runsSudo(s.body))
      .map((s) => ({ file: "config", key: `history[${s.index}]`, value: clip(s.createdBy), detail: "runs sudo" }));
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
