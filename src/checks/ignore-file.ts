import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FatalError } from "../core/problem.js";

/** One ignore-file entry: a rule id, a benchmark id or a reference id, always with a reason. */
export interface IgnoreEntry {
  readonly id: string;
  readonly reason: string;
  /** `YYYY-MM-DD`; from that day on the entry no longer applies. */
  readonly expires: string | null;
}

// YAML turns an unquoted 2027-01-01 into a Date; both spellings mean the same day.
const expires = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.date()]).transform((v) => (typeof v === "string" ? v : v.toISOString().slice(0, 10)));

const entry = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  reason: z.string().trim().min(1, "a reason is required"),
  expires: expires.optional(),
});

/**
 * Parses an ignore file (YAML list of `{ id, reason, expires? }`). A missing reason is a
 * configuration error rather than a silent suppression: every accepted risk must say why.
 */
export function parseIgnoreFile(text: string, path: string): IgnoreEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new FatalError("CONFIG_INVALID", `${path}: not valid YAML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`);
  }
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) {
    throw new FatalError("CONFIG_INVALID", `${path}: expected a list of entries`, "write entries as `- id: RULE\\n  reason: WHY`");
  }
  return data.map((item: unknown, i) => {
    const parsed = entry.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join(".")})` : "";
      throw new FatalError(
        "CONFIG_INVALID",
        `${path}: entry ${i + 1}${where}: ${issue?.message ?? "invalid entry"}`,
        "each entry needs `id:` and a non-empty `reason:`; `expires:` is optional (YYYY-MM-DD)",
      );
    }
    return { id: parsed.data.id, reason: parsed.data.reason, expires: parsed.data.expires ?? null };
  });
}

/** True when the entry has expired on `now` (an entry expiring 2027-01-01 stops applying that day). */
export function isExpired(e: IgnoreEntry, now: Date): boolean {
  return e.expires !== null && now.toISOString().slice(0, 10) >= e.expires;
}
