import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, runsOf, verdict } from "./rule-util.js";
import { effectiveCommands, runCommands, type SimpleCommand } from "./shell-util.js";

const OTHER_WRITE = 0o002;
const STICKY = 0o1000;

/**
 * Whether a mode makes files writable by everyone. Numeric modes are read as octal. A sticky
 * bit (`1777`, the /tmp pattern) is accepted: others may write but not remove others' files.
 * Symbolic clauses apply in order (`a+w,o-w` ends not world-writable); a clause without
 * who (`+w`) is limited by the umask (022 in a build), so it does not grant others write.
 */
export function isWorldWritableMode(mode: string): boolean {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const n = Number.parseInt(mode, 8);
    return (n & OTHER_WRITE) !== 0 && (n & STICKY) === 0;
  }
  let writable = false;
  let sticky = false;
  for (const clause of mode.split(",")) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) continue; // `o=u` copies and typos: not decidable here, not flagged
    const who = m[1] ?? "";
    const op = m[2];
    const perms = m[3] ?? "";
    const others = who.includes("o") || who.includes("a");
    if (others && perms.includes("w")) writable = op !== "-";
    else if (others && op === "=") writable = false;
    if (perms.includes("t") && (who === "" || others)) sticky = op !== "-";
  }
  return writable && !sticky;
}

/** The mode argument of chmod (first word that is not an option), or `-m`/`--mode` of mkdir/install. */
function modeOf(cmd: SimpleCommand): string | undefined {
  const args = cmd.words.slice(1);
  if (cmd.program === "chmod") {
    // Options (`-R`, `-Rv`, `--recursive`, `--reference=F`) come before the mode.
    return args.find((a) => !/^-[RHLPcfv]+$/.test(a) && !a.startsWith("--"));
  }
  if (cmd.program === "mkdir" || cmd.program === "install") {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "-m" || a === "--mode") return args[i + 1];
      if (a.startsWith("--mode=")) return a.slice("--mode=".length);
      if (/^-[a-zA-Z]*m/.test(a)) return a.slice(a.indexOf("m") + 1) || args[i + 1];
    }
  }
  return undefined;
}

/** Files anyone can change in the image let any process (or a compromised user) alter them. */
export const worldWritable: CheckRule<DockerfileInput> = {
  id: "dockerfile-world-writable",
  group: "dockerfile",
  benchmarkIds: {},
  // No Trivy or hadolint check covers it; CWE-732 is incorrect permission assignment.
  references: ["CWE-732"],
  title: "No world-writable permissions are set (chmod 777, o+w, COPY --chmod)",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "medium",
  needs: ["Dockerfile: chmod/mkdir -m/install -m in RUN instructions (also behind sudo, env, gosu, xargs and find -exec), --chmod flags of COPY and ADD"],
  remediation: "Grant write access to the owner (and group) only, e.g. `chmod 755`/`chmod 644`, and chown the paths to the user that needs to write them.",
  evaluate(input) {
    const evidence: Evidence[] = [];
    for (const instr of input.instructions) {
      if (instr.keyword !== "COPY" && instr.keyword !== "ADD") continue;
      const mode = instr.flags.find((f) => f.name === "chmod")?.value;
      if (mode !== undefined && mode !== null && isWorldWritableMode(mode))
        evidence.push(evidenceOf(input, instr, `--chmod=${mode} makes the copied files world-writable`));
    }
    for (const run of runsOf(input)) {
      const modes = runCommands(run)
        .flatMap(effectiveCommands)
        .map(modeOf)
        .filter((m): m is string => m !== undefined && isWorldWritableMode(m));
      if (modes.length > 0) evidence.push(evidenceOf(input, run, `mode ${modes.join(", ")} makes paths world-writable`));
    }
    evidence.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return verdict(evidence);
  },
};
