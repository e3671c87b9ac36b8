import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput, Instruction } from "./input.js";
import { CIS_SECTION, evidenceOf, verdict } from "./rule-util.js";

/** Local tar archives are the one thing ADD does that COPY cannot: it unpacks them. */
const TAR_ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/i;
const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;

/** Why an ADD source should have been a COPY (or a verified download); null when ADD is right. */
export function addProblem(instr: Instruction, source: string): string | null {
  if (REMOTE.test(source)) {
    return instr.flags.some((f) => f.name === "checksum") ? null : `'${source}' is downloaded without --checksum verification`;
  }
  if (/^\d*<<-?/.test(source)) return "a heredoc is plain content: COPY does the same";
  return TAR_ARCHIVE.test(source) ? null : `'${source}' is not a tar archive: COPY does the same without ADD's extra behaviour`;
}

/** Trivy DS005, hadolint DL3020, dockle CIS-DI-0009. */
export const addInsteadOfCopy: CheckRule<DockerfileInput> = {
  id: "dockerfile-add-instead-of-copy",
  group: "dockerfile",
  benchmarkIds: { "1.6.0": "4.9" },
  references: ["DS005", "DL3020", "CIS-DI-0009"],
  title: "COPY is used instead of ADD",
  section: CIS_SECTION,
  level: 1,
  severity: "low",
  needs: ["Dockerfile: ADD sources (after ARG/ENV substitution) and flags"],
  remediation: "Use COPY for local files; download remote files with a verified checksum (ADD --checksum or curl + sha256sum).",
  evaluate(input) {
    const evidence = input.instructions
      .filter((i) => i.keyword === "ADD")
      .flatMap((i) =>
        i.args.slice(0, -1).flatMap((src) => {
          const why = addProblem(i, src);
          return why === null ? [] : [evidenceOf(input, i, why)];
        }),
      );
    return verdict(evidence);
  },
};
