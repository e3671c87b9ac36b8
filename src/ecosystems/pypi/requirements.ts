import type { Problem } from "../../core/problem.js";
import type { LockEntry, LockParse } from "./lock-entry.js";

// `name[extras] == version` (also `===`); PEP 508 names. Anything looser is not a pin.
const PIN_RE = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s,;*]+)\s*$/;

/**
 * pip requirements files, the pinned lines only (`pip freeze` output and pip-compile files):
 * comments, `\` continuations, `--hash` options and `;` environment markers are stripped.
 * Included files (`-r`, `-c`) are not followed (the path may not exist in the image and
 * following it could loop); each is reported so the gap is visible.
 */
export function parseRequirements(text: string, path: string): LockParse {
  const entries: LockEntry[] = [];
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let logical = stripComment(lines[i] ?? "");
    while (/\\\s*$/.test(logical) && i + 1 < lines.length) logical = logical.replace(/\\\s*$/, " ") + stripComment(lines[++i] ?? "");
    const line = logical.trim();
    if (line === "") continue;
    const include = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(line);
    if (include) {
      problems.push({ kind: "unsupported", detail: `${path}:${first}: included file ${include[1]} not followed; its packages are not listed` });
      continue;
    }
    // Other options (-e, -i, --index-url, -f) and URLs name no pinned PyPI version.
    if (line.startsWith("-")) continue;
    const requirement = (line.split(";")[0] ?? "").replace(/\s--?[a-z][a-z-]*(?:[=\s]\S+)?/gi, "").trim();
    const m = PIN_RE.exec(requirement);
    if (m?.[1] && m[2]) entries.push({ name: m[1], version: m[2], dev: false });
  }
  return { entries, problems };
}

/** `#` starts a comment at the line start or after whitespace (pip's rule); `a#b` in a URL stays. */
function stripComment(line: string): string {
  return line.replace(/\r$/, "").replace(/(^|\s)#.*$/, "");
}
