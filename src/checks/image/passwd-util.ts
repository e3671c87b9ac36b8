/** One line of a colon-separated account database (`etc/passwd`, `etc/group`, `etc/shadow`). */
export interface AccountLine {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Splits an account database into lines of fields, skipping blanks, comments and NIS `+`/`-` entries. */
export function accountLines(text: string): AccountLine[] {
  const out: AccountLine[] = [];
  text.split("\n").forEach((raw, i) => {
    const s = raw.replace(/\r$/, "");
    if (s.trim() === "" || s.startsWith("#") || s.startsWith("+") || s.startsWith("-")) return;
    out.push({ line: i + 1, fields: s.split(":") });
  });
  return out;
}

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly line: number;
}

const NUMERIC = /^\d+$/;

/** `etc/passwd` entries with numeric uid and gid; malformed lines are left out. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const { line, fields } of accountLines(text)) {
    const [name, , uid, gid] = fields;
    if (name === undefined || uid === undefined || gid === undefined || !NUMERIC.test(uid) || !NUMERIC.test(gid)) continue;
    out.push({ name, uid: Number(uid), gid: Number(gid), line });
  }
  return out;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly line: number;
}

export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const { line, fields } of accountLines(text)) {
    const [name, , gid] = fields;
    if (name === undefined || gid === undefined || !NUMERIC.test(gid)) continue;
    out.push({ name, gid: Number(gid), line });
  }
  return out;
}
