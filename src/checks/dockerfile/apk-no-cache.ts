import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput, Instruction } from "./input.js";
import { installsWithoutCleanup, removesDir } from "./package-util.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { isCall, runCommands } from "./shell-util.js";

const CACHE = "/var/cache/apk";

/** A `--mount=type=cache` keeps the directory out of the layer. */
export function cacheMounted(run: Instruction, dirs: readonly string[]): boolean {
  return run.flags.some((f) => {
    if (f.name !== "mount" || f.value === null) return false;
    const parts = f.value.split(",");
    const target = parts
      .find((p) => /^(target|dst|destination)=/.test(p))
      ?.split("=")[1]
      ?.replace(/\/+$/, "");
    return parts.includes("type=cache") && target !== undefined && dirs.includes(target);
  });
}

/**
 * Trivy DS025, hadolint DL3019: the package index apk downloads stays in the layer. Removing
 * /var/cache/apk later in the same RUN, or a cache mount on it, is accepted too (Trivy would
 * still flag those, though the layer ends up the same).
 */
export const apkNoCache: CheckRule<DockerfileInput> = {
  id: "dockerfile-apk-no-cache",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS025", "DL3019", "DKL-DI-0004"],
  title: "apk add uses --no-cache",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts and sh -c bodies), RUN --mount flags"],
  remediation: "Use `apk add --no-cache …` (it also makes a separate `apk update` unnecessary).",
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => !cacheMounted(run, [CACHE]))
      .filter(
        (run) =>
          installsWithoutCleanup(
            runCommands(run),
            (cmd) => isCall(cmd, ["apk"], ["add"]) && !cmd.words.includes("--no-cache"),
            (cmd) => removesDir(cmd, [CACHE]),
          ).length > 0,
      )
      .map((run) => evidenceOf(input, run, "apk add without --no-cache leaves the package index in the layer"));
    return verdict(evidence);
  },
};
