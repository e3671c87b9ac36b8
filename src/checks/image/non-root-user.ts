import type { CheckRule } from "../../contracts/check-rule.js";
import { type ImageCheckInput, readText } from "./input.js";
import { parsePasswd } from "./passwd-util.js";
import { CIS_SECTION, CONFIG_MISSING } from "./section-util.js";

/** CIS 4.1: the image must name a user that is not root. Dockle only catches `""` and `root`; `0`, `0:0` and uid-0 aliases count too. */
export const nonRootUser: CheckRule<ImageCheckInput> = {
  id: "non-root-user",
  group: "image",
  benchmarkIds: { "1.6.0": "4.1" },
  references: ["CIS-DI-0001", "DS002", "DL3002"],
  title: "Ensure that a user for the container has been created",
  section: CIS_SECTION,
  level: 1,
  severity: "high",
  needs: ["image config: User", "etc/passwd (to resolve a user name to its uid)"],
  remediation: "Create an unprivileged user in the image (e.g. `useradd -u 10001 app`) and set `USER app` (or a numeric uid other than 0) in the Dockerfile.",
  evaluate(input) {
    if (input.config === null) return { status: "skip", missing: CONFIG_MISSING };
    const raw = (input.config.config.User ?? "").trim();
    const user = raw.split(":")[0] ?? "";
    const evidence = (detail: string) => ({ status: "fail" as const, evidence: [{ file: "config", key: "config.User", value: raw, detail }] });
    if (user === "") return evidence("no USER is set, so the container runs as root");
    if (user === "root" || /^0+$/.test(user)) return evidence(`USER ${raw} is root`);
    if (/^\d+$/.test(user)) return { status: "pass", detail: `runs as uid ${Number(user)}` };
    const passwd = readText(input.tree, "etc/passwd");
    if (passwd === undefined) return { status: "pass", detail: `runs as user '${user}' (no etc/passwd to resolve it)` };
    const entry = parsePasswd(passwd).find((e) => e.name === user);
    if (entry === undefined) return { status: "pass", detail: `user '${user}' is not in etc/passwd` };
    if (entry.uid === 0)
      return {
        status: "fail",
        evidence: [{ file: "etc/passwd", line: entry.line, key: "config.User", value: raw, detail: `user '${user}' has uid 0 in etc/passwd` }],
      };
    return { status: "pass", detail: `runs as '${user}' (uid ${entry.uid})` };
  },
};
