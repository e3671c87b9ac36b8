import { createRequire } from "node:module";
import type { z as Zod } from "zod";
import { FatalError, type Problem } from "../../core/problem.js";
import { apkVersion } from "./version.js";

/**
 * The secdb format shared by Alpine (secdb.alpinelinux.org, JSON; the older alpine-secdb git
 * repository, YAML), Wolfi and Chainguard (`security.json`).
 */
export interface SecdbFix {
  /** Primary vulnerability id (the first id in the entry). */
  readonly id: string;
  /** Further ids in the same entry, e.g. `XSA-252` in `CVE-2018-7540 XSA-252`. */
  readonly aliases: readonly string[];
  /** The first fixed version; `0` means the package was never affected. */
  readonly version: string;
}

export interface SecdbPackage {
  /** The origin (source) package name. */
  readonly name: string;
  readonly fixes: readonly SecdbFix[];
}

export interface SecdbDocument {
  readonly format: "json" | "yaml";
  readonly distroversion: string | null;
  readonly reponame: string | null;
  readonly urlprefix: string | null;
  readonly apkurl: string | null;
  readonly packages: readonly SecdbPackage[];
}

export interface SecdbParseResult {
  readonly document: SecdbDocument;
  readonly problems: Problem[];
}

/** Alpine's convention: a CVE listed under version `0` never affected this package. */
export const SECDB_NOT_AFFECTED = "0";

function buildSchemas(z: typeof Zod) {
  const optionalText = z
    .string()
    .nullish()
    .transform((v) => (v === undefined || v === null || v === "" ? null : v));

  const documentSchema = z.object({
    distroversion: optionalText,
    reponame: optionalText,
    urlprefix: optionalText,
    apkurl: optionalText,
    packages: z.array(z.unknown()),
  });

  const packageSchema = z.object({
    pkg: z.object({
      name: z.string().min(1),
      // YAML (failsafe) turns an empty `secfixes:` into "", JSON may say null: both mean "none".
      secfixes: z.union([z.record(z.string(), z.union([z.array(z.unknown()), z.literal(""), z.null()])), z.literal(""), z.null()]).optional(),
    }),
  });
  return { z, documentSchema, packageSchema };
}

let built: ReturnType<typeof buildSchemas> | undefined;
// zod loads when a feed is parsed, not when this module does: the rolling distributions'
// os-release scanners share its module graph, and a scan must not pay for it (issue 10 §3).
const schemas = (): ReturnType<typeof buildSchemas> => (built ??= buildSchemas((createRequire(import.meta.url)("zod") as { z: typeof Zod }).z));

/**
 * One id token: letters, then dash-separated alphanumeric groups, containing a digit. Matches
 * `CVE-2019-1234`, `XSA-252`, `TALOS-2017-0499`, `wnpa-sec-2017-18`; skips placeholders such as
 * `CVE-????-?????` and notes such as `(SMB)`. A trailing `.patch` (a typo upstream) is cut off.
 */
const ID_TOKEN = /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)/;

/** All vulnerability ids of one secfix entry, primary first. */
export function secfixIds(entry: string): string[] {
  // Upstream typos seen in the real feeds: `CVE 2018-16859`, `CVE_2019-2426`.
  const normalised = entry.replace(/\bCVE[ _](\d{4}-\d+)/g, "CVE-$1");
  const ids: string[] = [];
  for (const token of normalised.split(/\s+/)) {
    const m = ID_TOKEN.exec(token);
    if (m === null || !/[0-9]/.test(m[1]!)) continue;
    const id = /^cve-/i.test(m[1]!) ? m[1]!.toUpperCase() : m[1]!;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

// Loaded when a YAML feed is read: the rolling distributions' scanners share this module's
// graph, and a scan must not pay for the YAML parser (issue 10 §3).
export const parseYaml = (text: string, options: { schema: "failsafe" }): unknown =>
  (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text, options);

function decode(body: Buffer | string, source: string): { format: "json" | "yaml"; value: unknown } {
  const text = typeof body === "string" ? body : body.toString("utf8");
  const format = /^\s*[{[]/.test(text) ? "json" : "yaml";
  // A YAML document cut short usually still parses (as fewer packages), so the cut must be seen
  // some other way: every line of a whole file ends with a line break, a download cut mid-line
  // does not. A cut that falls on a line break is left to the engine's shrink guard.
  if (format === "yaml" && text.length > 0 && !text.endsWith("\n")) {
    throw new FatalError(
      "FEED_INVALID",
      `${source}: secdb yaml ends mid-line (the file is truncated)`,
      "fetch the feed again; a whole secdb YAML file ends with a line break",
    );
  }
  try {
    // failsafe keeps every scalar a string: `1.10:` must stay "1.10", not the number 1.1.
    const value: unknown = format === "json" ? JSON.parse(text) : parseYaml(text, { schema: "failsafe" });
    return { format, value };
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    throw new FatalError("FEED_INVALID", `${source}: secdb ${format} is unreadable (truncated or corrupt): ${why}`, "fetch the feed again", { cause: e });
  }
}

/** One `packages[index]` element validated and read; undefined (and a problem via `bad`) when it does not validate. */
export function secdbPackageOf(raw: unknown, index: number, bad: (detail: string) => void): SecdbPackage | undefined {
  const { z, packageSchema } = schemas();
  const rec = packageSchema.safeParse(raw);
  if (!rec.success) {
    bad(`packages[${index}]: ${z.prettifyError(rec.error).split("\n").join("; ")}`);
    return undefined;
  }
  const { name, secfixes } = rec.data.pkg;
  const fixes: SecdbFix[] = [];
  for (const [version, entries] of Object.entries(secfixes ?? {})) {
    if (version !== SECDB_NOT_AFFECTED && !apkVersion.isValid(version)) {
      bad(`${name}: invalid fixed version '${version}'`);
      continue;
    }
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (typeof entry !== "string") {
        bad(`${name} ${version}: secfix entry is not a string`);
        continue;
      }
      const ids = secfixIds(entry);
      if (ids.length === 0) {
        bad(`${name} ${version}: no vulnerability id in '${entry}'`);
        continue;
      }
      fixes.push({ id: ids[0]!, aliases: ids.slice(1), version });
    }
  }
  return { name, fixes };
}

/** The header of a secdb document (everything but `packages`) validated; FEED_INVALID when it is not a secdb document. */
export function secdbHeaderOf(value: unknown, source: string): Omit<SecdbDocument, "format" | "packages"> {
  const { z, documentSchema } = schemas();
  const doc = documentSchema.safeParse(value);
  if (!doc.success) {
    throw new FatalError("FEED_INVALID", `${source}: not a secdb document (${z.prettifyError(doc.error).split("\n").join("; ")})`);
  }
  const d = doc.data;
  return { distroversion: d.distroversion, reponame: d.reponame, urlprefix: d.urlprefix, apkurl: d.apkurl };
}

/**
 * Parses a secdb body (JSON or YAML, detected from the first character). A body that does not
 * decode, or lacks the `packages` list, throws FatalError FEED_INVALID; a record that does not
 * validate, an entry without an id, or an invalid version becomes a `bad-feed-record` problem.
 */
export function parseSecdb(body: Buffer | string, source: string): SecdbParseResult {
  const { format, value } = decode(body, source);
  const { z, documentSchema } = schemas();
  const doc = documentSchema.safeParse(value);
  if (!doc.success) {
    throw new FatalError("FEED_INVALID", `${source}: not a secdb document (${z.prettifyError(doc.error).split("\n").join("; ")})`);
  }
  const problems: Problem[] = [];
  const bad = (detail: string): void => void problems.push({ kind: "bad-feed-record", updater: source, detail });
  const packages: SecdbPackage[] = [];
  doc.data.packages.forEach((raw, index) => {
    const pkg = secdbPackageOf(raw, index, bad);
    if (pkg !== undefined) packages.push(pkg);
  });
  const d = doc.data;
  return {
    document: { format, distroversion: d.distroversion, reponame: d.reponame, urlprefix: d.urlprefix, apkurl: d.apkurl, packages },
    problems,
  };
}
