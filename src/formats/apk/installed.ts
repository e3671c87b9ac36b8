import type { Problem } from "../../core/problem.js";
import { apkVersion } from "./version.js";

/** One package stanza of apk's `lib/apk/db/installed`. */
export interface ApkInstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly arch: string | null;
  /** `o:` — the origin (source) package; the secdb is keyed on it. */
  readonly origin: string | null;
  readonly license: string | null;
  /** Paths from `F:` (directory) + `R:` (file) pairs, relative to the root. */
  readonly files: readonly string[];
  /** 1-based line where the stanza starts. */
  readonly line: number;
}

export interface ApkInstalledResult {
  readonly packages: readonly ApkInstalledPackage[];
  readonly problems: readonly Problem[];
}

interface Stanza {
  readonly line: number;
  readonly fields: Map<string, string>;
  readonly files: string[];
  dir: string;
  error: string | null;
}

/**
 * Parses the apk installed database: stanzas of `K:value` lines separated by blank lines.
 * A stanza that cannot be read (no `P:`/`V:`, a repeated `P:`, a line that is not `K:value`,
 * an invalid version) becomes a `malformed-record` problem; every other stanza is still listed.
 */
export function parseApkInstalled(text: string, path: string): ApkInstalledResult {
  const packages: ApkInstalledPackage[] = [];
  const problems: Problem[] = [];
  let cur: Stanza | null = null;

  const finish = (): void => {
    if (cur === null) return;
    const s = cur;
    cur = null;
    const name = s.fields.get("P");
    const version = s.fields.get("V");
    let error = s.error;
    if (error === null && (name === undefined || name === "")) error = "stanza has no package name (P:)";
    if (error === null && (version === undefined || version === "")) error = `package ${name ?? "?"} has no version (V:)`;
    if (error === null && !apkVersion.isValid(version!)) error = `package ${name ?? "?"} has an invalid version '${version}'`;
    if (error !== null) {
      problems.push({ kind: "malformed-record", path, line: s.line, detail: error });
      return;
    }
    packages.push({
      name: name!,
      version: version!,
      arch: nonEmpty(s.fields.get("A")),
      origin: nonEmpty(s.fields.get("o")),
      license: nonEmpty(s.fields.get("L")),
      files: s.files,
      line: s.line,
    });
  };

  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") {
      finish();
      return;
    }
    cur ??= { line: i + 1, fields: new Map(), files: [], dir: "", error: null };
    if (cur.error !== null) return;
    if (line.length < 2 || line[1] !== ":" || !/^[A-Za-z]$/.test(line[0]!)) {
      cur.error = `line ${i + 1} is not a 'K:value' field: ${JSON.stringify(line.slice(0, 60))}`;
      return;
    }
    const key = line[0]!;
    const value = line.slice(2);
    if (key === "F") {
      cur.dir = value;
    } else if (key === "R") {
      cur.files.push(cur.dir === "" ? value : `${cur.dir}/${value}`);
    } else if (key === "P" && cur.fields.has("P")) {
      // Two packages run together: the separating blank line is missing, so neither is trusted.
      cur.error = `second P: field at line ${i + 1} in one stanza (missing blank line?)`;
    } else if (!cur.fields.has(key)) {
      cur.fields.set(key, value);
    }
  });
  finish();
  return { packages, problems };
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined || v === "" ? null : v;
}
