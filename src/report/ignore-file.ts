import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FatalError } from "../core/problem.js";

/** One `.claroignore.yaml` entry: a vulnerability id (or alias), optionally narrowed. */
export interface VulnIgnoreEntry {
  readonly id: string;
  readonly package: string | null;
  /** The package database file the package was read from (`Package.foundIn`), e.g. `var/lib/dpkg/status`. */
  readonly path: string | null;
  readonly purl: string | null;
  /** `YYYY-MM-DD`; from that day on the entry no longer applies (and warns). */
  readonly expires: string | null;
  readonly reason: string | null;
}

export const DEFAULT_IGNORE_FILE = ".claroignore.yaml";

// YAML turns an unquoted 2027-01-01 into a Date; both spellings mean the same day.
const day = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.date()]).transform((v) => (typeof v === "string" ? v : v.toISOString().slice(0, 10)));
const entry = z.strictObject({
  id: z.string().min(1),
  package: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  purl: z.string().startsWith("pkg:").optional(),
  expires: day.optional(),
  reason: z.string().optional(),
});
// A bare list, or `{ ignore: [...] }` so the file can grow other sections later.
const file = z.union([z.array(z.unknown()), z.looseObject({ ignore: z.array(z.unknown()) }).transform((o) => o.ignore)]);

export function parseVulnIgnoreFile(text: string, path: string): VulnIgnoreEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new FatalError("CONFIG_INVALID", `${path}: not valid YAML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`);
  }
  if (data === null || data === undefined) return [];
  const list = file.safeParse(data);
  if (!list.success) throw new FatalError("CONFIG_INVALID", `${path}: expected a list of entries (or \`ignore:\` with one)`, "write entries as `- id: CVE-…`");
  return list.data.map((item, i) => {
    const e = entry.safeParse(item);
    if (!e.success) {
      const issue = e.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join(".")})` : "";
      throw new FatalError(
        "CONFIG_INVALID",
        `${path}: entry ${i + 1}${where}: ${issue?.message ?? "invalid entry"}`,
        "fields: id, and optionally package, path, purl, expires (YYYY-MM-DD), reason",
      );
    }
    const d = e.data;
    return { id: d.id, package: d.package ?? null, path: d.path ?? null, purl: d.purl ?? null, expires: d.expires ?? null, reason: d.reason ?? null };
  });
}

export function isEntryExpired(e: VulnIgnoreEntry, now: Date): boolean {
  return e.expires !== null && now.toISOString().slice(0, 10) >= e.expires;
}
