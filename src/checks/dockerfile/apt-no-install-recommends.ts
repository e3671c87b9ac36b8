import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput, Instruction } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, stageLineage, verdict } from "./rule-util.js";
import { isCall, runCommands, type SimpleCommand } from "./shell-util.js";

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;
/** `APT::Install-Recommends "false";` written to an apt.conf file turns recommends off for later RUNs. */
const CONFIGURED_OFF = /APT::Install-Recommends\s*(?:=\s*|\s+)["']?(?:0|false|no|off)\b/i;

/** The value of an `-o`/`--option` APT setting, e.g. `-o APT::Install-Recommends=false`. */
function optionValues(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  cmd.words.forEach((w, i) => {
    if (w === "-o" || w === "--option") out.push(cmd.words[i + 1] ?? "");
    else if (w.startsWith("--option=")) out.push(w.slice("--option=".length));
    else if (w.startsWith("-o")) out.push(w.slice(2).replace(/^=/, ""));
  });
  return out;
}

/** True when the command turns recommended packages off, in any spelling apt accepts. */
export function skipsRecommends(cmd: SimpleCommand): boolean {
  for (const w of cmd.words.slice(1)) {
    // apt's boolean options take `=value`; the `no-` prefix negates it.
    const neg = /^--no-install-recommends(?:=(.*))?$/.exec(w);
    if (neg && (neg[1] === undefined || TRUE.test(neg[1]))) return true;
    const pos = /^--install-recommends=(.*)$/.exec(w);
    if (pos && FALSE.test(pos[1] ?? "")) return true;
  }
  return optionValues(cmd).some((v) => {
    const m = /^APT::Install-Recommends=(.*)$/i.exec(v);
    return m !== null && FALSE.test(m[1] ?? "");
  });
}

/** RUN scripts of the stage (and its parents) up to and including `run`. */
function scriptsUpTo(input: DockerfileInput, run: Instruction): string[] {
  const stage = input.stages[run.stage];
  if (stage === undefined) return [];
  return stageLineage(input, stage)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === "RUN" && (i.stage !== run.stage || i.startLine <= run.startLine))
    .flatMap((i) => [i.args.join(" "), ...i.heredocs.map((h) => h.content)]);
}

/**
 * Trivy DS029, hadolint DL3015 (CIS 4.3, no unnecessary packages): recommended packages widen
 * the attack surface. Unlike both tools, an apt.conf setting written by an earlier RUN counts.
 */
export const aptNoInstallRecommends: CheckRule<DockerfileInput> = {
  id: "dockerfile-apt-no-install-recommends",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS029", "DL3015"],
  title: "apt-get install uses --no-install-recommends",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: commands run by RUN instructions (including heredoc scripts and sh -c bodies)"],
  remediation: 'Add --no-install-recommends to apt-get install (or set APT::Install-Recommends "false" in /etc/apt/apt.conf.d/).',
  evaluate(input) {
    const evidence = runsOf(input)
      .filter((run) => runCommands(run).some((cmd) => isCall(cmd, ["apt-get"], ["install"]) && !skipsRecommends(cmd)))
      .filter((run) => !scriptsUpTo(input, run).some((s) => CONFIGURED_OFF.test(s)))
      .map((run) => evidenceOf(input, run, "apt-get install without --no-install-recommends installs recommended packages too"));
    return verdict(evidence);
  },
};
