import { basename, dirname, join } from "node:path";
import { lstatSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { FatalError } from "../core/problem.js";

function describe(e: NodeJS.ErrnoException): string {
  if (e.code === "ENOSPC") return "no space left on device";
  if (e.code === "ENOENT") return "its directory does not exist";
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied";
  if (e.code === "EROFS") return "read-only file system";
  return e.code ?? e.message.split("\n")[0] ?? "write failed";
}

/**
 * Writes a report to stdout, or to `--output`. A regular file is written next to its final name
 * and renamed into place, so a failed write (a full disk) leaves an earlier report whole and no
 * half-written one; devices and pipes (`/dev/stdout`) are written directly.
 */
export function writeReport(text: string, output: string | undefined): void {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (!output) {
    process.stdout.write(body);
    return;
  }
  try {
    const existing = lstatSync(output, { throwIfNoEntry: false });
    if (existing !== undefined && !existing.isFile()) {
      writeFileSync(output, body);
      return;
    }
    const partial = join(dirname(output), `.${basename(output)}.${process.pid}.partial`);
    try {
      writeFileSync(partial, body, { flag: "w" });
      renameSync(partial, output);
    } catch (e) {
      rmSync(partial, { force: true });
      throw e;
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new FatalError(
      "OUTPUT_FAILED",
      `cannot write the report to ${output}: ${describe(err)}`,
      err.code === "ENOSPC"
        ? "free disk space or choose another --output path; nothing was written"
        : "check that the directory exists and is writable, or choose another --output path",
      { cause: e },
    );
  }
}
