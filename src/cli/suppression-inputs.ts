import { existsSync, readFileSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import { DEFAULT_IGNORE_FILE, parseVex, parseVulnIgnoreFile, type SuppressionInput } from "../report/index.js";

function read(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new FatalError("CONFIG_INVALID", `${what} ${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * The ignore file (`--ignore-file`, or its alias `--ignorefile`; else `./.claroignore.yaml` when it
 * exists) and every `--vex` document.
 */
export function loadSuppressions(s: { readonly ignoreFile?: string; readonly ignorefile?: string; readonly vex?: readonly string[] }): SuppressionInput {
  if (s.ignoreFile !== undefined && s.ignorefile !== undefined && s.ignoreFile !== s.ignorefile) {
    throw new FatalError(
      "CONFIG_INVALID",
      "--ignore-file and --ignorefile name different files",
      "give one of them (--ignorefile is an alias of --ignore-file)",
    );
  }
  const ignorePath = s.ignoreFile ?? s.ignorefile ?? (existsSync(DEFAULT_IGNORE_FILE) ? DEFAULT_IGNORE_FILE : undefined);
  return {
    ...(ignorePath !== undefined ? { ignore: { entries: parseVulnIgnoreFile(read(ignorePath, "--ignore-file"), ignorePath), path: ignorePath } } : {}),
    vex: (s.vex ?? []).flatMap((path) => parseVex(read(path, "--vex"), path)),
  };
}
