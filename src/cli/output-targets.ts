import { resolve } from "node:path";
import { FatalError } from "../core/problem.js";

/** One more report of the same run: `--output FORMAT=FILE` or `--format FORMAT=FILE`. */
export interface OutputTarget {
  readonly format: string;
  readonly file: string;
}

/** What the repeatable `--format` and `--output` flags ask for, as Grype's `-o FORMAT=FILE`. */
export interface OutputPlan {
  /** The bare `--format FORMAT`, for the main report; undefined leaves it to the command's default. */
  readonly format: string | undefined;
  /** The plain `--output FILE` of the main report; undefined is stdout. */
  readonly output: string | undefined;
  /**
   * Whether the main report is written at all: not when only FORMAT=FILE targets were given, so
   * `claro scan -o json=r.json IMAGE` writes that file and leaves stdout to the caller, as Grype does.
   */
  readonly primary: boolean;
  readonly extra: readonly OutputTarget[];
}

/**
 * Splits the flags' values. `FORMAT=FILE` counts as a target only when FORMAT is one of `known`,
 * so a plain file name with `=` in it still works as `--output`. One bare format and one plain
 * file at most, and no file twice: two reports written to one file would leave only the last.
 */
export function planOutputs(formats: readonly string[], outputs: readonly string[], known: readonly string[]): OutputPlan {
  const extra: OutputTarget[] = [];
  const bare: string[] = [];
  const plain: string[] = [];
  const target = (value: string): OutputTarget | null => {
    const eq = value.indexOf("=");
    if (eq <= 0) return null;
    const format = value.slice(0, eq);
    const file = value.slice(eq + 1);
    if (!known.includes(format)) return null;
    if (file === "") throw new FatalError("CONFIG_INVALID", `'${value}': no file after '='`, "write FORMAT=FILE, e.g. json=report.json");
    return { format, file };
  };
  for (const f of formats) {
    const t = target(f);
    if (t !== null) extra.push(t);
    else if (f.includes("="))
      throw new FatalError("CONFIG_INVALID", `--format '${f}': unknown format '${f.slice(0, f.indexOf("="))}'`, `use one of: ${known.join(", ")}`);
    else bare.push(f);
  }
  for (const o of outputs) {
    const t = target(o);
    if (t !== null) extra.push(t);
    else plain.push(o);
  }
  if (bare.length > 1)
    throw new FatalError(
      "CONFIG_INVALID",
      `--format given ${bare.length} times without a file (${bare.join(", ")})`,
      "give the others a file: --format json=report.json",
    );
  if (plain.length > 1)
    throw new FatalError(
      "CONFIG_INVALID",
      `--output given ${plain.length} files without a format (${plain.join(", ")})`,
      "name the format of the others: --output sarif=claro.sarif",
    );
  const seen = new Set<string>();
  for (const file of [...plain, ...extra.map((t) => t.file)]) {
    const key = resolve(file);
    if (seen.has(key)) throw new FatalError("CONFIG_INVALID", `two reports would be written to ${file}`, "give each --output its own file");
    seen.add(key);
  }
  return { format: bare[0], output: plain[0], primary: bare.length > 0 || plain.length > 0 || extra.length === 0, extra };
}
