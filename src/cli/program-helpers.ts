// What every command's action shares: settings from flags, environment and config file (one
// loader for all commands), errors printed as one line with an exit code, repeatable flags.
import type { Command } from "commander";
import type { Settings } from "./config.js";
import { reportError, type ExitCode } from "./errors.js";
import type { ScanFlags } from "./scan-command.js";

/** scan, sbom, check: the repeatable --format and --output, split into the main report and FORMAT=FILE ones (`format` is set even when undefined: check spreads this over its raw options). */
export type MultiOutputFlags = Omit<ScanFlags, "format" | "output"> & { format: string[]; output: string[] };

export async function multiOutputSettings(
  opts: MultiOutputFlags,
  cmd: Command,
  known: readonly string[],
): Promise<ScanFlags & { readonly format: string | undefined; readonly output: string | undefined }> {
  const { planOutputs } = await import("./output-targets.js");
  const plan = planOutputs(opts.format, opts.output, known);
  const s = await settings({ ...opts, format: plan.format, output: plan.output }, cmd);
  return { ...s, format: s.format, output: s.output, extraOutputs: plan.extra, primaryOutput: plan.primary };
}

export async function settings(opts: Settings & { output?: string; quiet?: boolean }, cmd: Command): Promise<ScanFlags> {
  const root = cmd.parent?.parent ?? cmd.parent ?? cmd;
  const config = (root.opts() as { config?: string }).config;
  const { loadSettingsAsync, parseByteSize } = await import("./config.js");
  // The flag arrives as text (`256MiB`); the env and config forms are converted by loadSettings.
  const raw: unknown = (opts as { maxBufferedBytes?: unknown }).maxBufferedBytes;
  const flags = typeof raw === "string" ? { ...opts, maxBufferedBytes: parseByteSize(raw, "--max-buffered-bytes") } : opts;
  const loaded = await loadSettingsAsync(flags, config);
  const { debug } = await import("./debug-log.js");
  debug(
    `${cmd.name()}: config ${config ?? process.env["CLARO_CONFIG"] ?? "(default locations)"}; settings ${JSON.stringify({ ...loaded, ...(loaded.password === undefined ? {} : { password: "***" }) })}`,
  );
  return { ...loaded, output: opts.output, quiet: opts.quiet } as ScanFlags;
}

export async function guarded(fn: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await fn();
  } catch (e) {
    return reportError(e);
  }
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
