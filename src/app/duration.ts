import { FatalError } from "../core/problem.js";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The grammar every duration setting takes, for messages and schemas. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)([smhd])?$/;
export const DURATION_HINT = "use e.g. 90s, 15m, 6h or 7d (a bare number is seconds)";

/**
 * `90s`, `15m`, `6h`, `7d`, or a bare number of seconds → milliseconds: the one grammar of
 * `--db-max-age`, `--timeout`, `serve --update-period` and their env and config forms.
 *
 * Our own function rather than `ms`: `ms` reads a bare number as milliseconds, while our
 * settings have always read it as seconds (`--timeout 30`, `updatePeriod: 0`), and `ms` also
 * accepts spellings (`1 week`, `2 yrs`) the other settings would then have to take too.
 */
export function parseDuration(value: string | number, name?: string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return value * 1000;
  } else {
    const m = DURATION_PATTERN.exec(value.trim());
    if (m) return Number(m[1]) * UNIT_MS[(m[2] ?? "s") as keyof typeof UNIT_MS];
  }
  throw new FatalError("CONFIG_INVALID", `${name !== undefined ? `${name}: ` : ""}invalid duration '${String(value)}'`, DURATION_HINT);
}
