import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { type ImageCheckInput, readText } from "./input.js";
import { parseGroup, parsePasswd } from "./passwd-util.js";
import { EXTRA_SECTION } from "./section-util.js";

function duplicates<T extends { readonly name: string; readonly line: number }>(
  entries: readonly T[],
  id: (e: T) => number,
  file: string,
  what: string,
): Evidence[] {
  const byId = new Map<number, T[]>();
  for (const e of entries) byId.set(id(e), [...(byId.get(id(e)) ?? []), e]);
  const out: Evidence[] = [];
  for (const [n, list] of byId) {
    if (list.length < 2) continue;
    for (const e of list.slice(1)) {
      out.push({ file, line: e.line, key: e.name, value: String(n), detail: `${what} ${n} is shared by ${list.map((x) => x.name).join(", ")}` });
    }
  }
  return out;
}

/** Dockle DKL-LI-0002: two accounts with one uid (or groups with one gid) are the same identity to the kernel. */
export const uniqueUidGid: CheckRule<ImageCheckInput> = {
  id: "unique-uid-gid",
  group: "image",
  benchmarkIds: {},
  references: ["DKL-LI-0002"],
  title: "Ensure UIDs and GIDs are unique",
  section: EXTRA_SECTION,
  level: 1,
  severity: "medium",
  needs: ["etc/passwd", "etc/group"],
  remediation: "Give every account its own uid and every group its own gid (`usermod -u`, `groupmod -g`).",
  evaluate(input) {
    const passwd = readText(input.tree, "etc/passwd");
    const group = readText(input.tree, "etc/group");
    if (passwd === undefined && group === undefined) return { status: "skip", missing: "etc/passwd and etc/group" };
    const evidence = [
      ...(passwd === undefined ? [] : duplicates(parsePasswd(passwd), (e) => e.uid, "etc/passwd", "uid")),
      ...(group === undefined ? [] : duplicates(parseGroup(group), (e) => e.gid, "etc/group", "gid")),
    ];
    if (evidence.length > 0) return { status: "fail", evidence };
    const absent = passwd === undefined ? "etc/passwd" : group === undefined ? "etc/group" : null;
    return { status: "pass", ...(absent === null ? {} : { detail: `${absent} is absent; checked the other file only` }) };
  },
};
