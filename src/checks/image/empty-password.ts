import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { type ImageCheckInput, readText } from "./input.js";
import { accountLines } from "./passwd-util.js";
import { EXTRA_SECTION } from "./section-util.js";

/**
 * Dockle DKL-LI-0001: an account whose password field is empty logs in without a password.
 * Locked or disabled markers (`*`, `!`, `!!`, `!…`, `x`) are not empty.
 */
export const emptyPassword: CheckRule<ImageCheckInput> = {
  id: "empty-password",
  group: "image",
  benchmarkIds: {},
  references: ["DKL-LI-0001"],
  title: "Avoid accounts with an empty password",
  section: EXTRA_SECTION,
  level: 1,
  severity: "critical",
  needs: ["etc/shadow (or etc/master.passwd)"],
  remediation: "Lock the account (`passwd -l NAME` or `usermod -L NAME`) or remove it.",
  evaluate(input) {
    const files = (["etc/shadow", "etc/master.passwd"] as const).map((f) => [f, readText(input.tree, f)] as const).filter(([, t]) => t !== undefined);
    if (files.length === 0) return { status: "skip", missing: "etc/shadow" };
    const evidence: Evidence[] = [];
    for (const [file, text] of files) {
      for (const { line, fields } of accountLines(text ?? "")) {
        if (fields.length >= 2 && fields[1] === "")
          evidence.push({ file, line, key: fields[0] ?? "", detail: `account '${fields[0] ?? ""}' has an empty password` });
      }
    }
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
