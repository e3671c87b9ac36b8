import type { AdvisoryQuery, Matcher } from "../../contracts/matcher.js";
import type { ParseOutput, UpdaterFactory } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { FatalError, type Problem } from "../../core/problem.js";
import type { Severity } from "../../core/severity.js";
import { moduleStream } from "../../formats/rpm/modularity.js";
import { rpmVersion } from "../../formats/rpm/version.js";
import { type OsvMappingOptions, isAffectedByRange, osvToAdvisories } from "../../formats/osv/advisories.js";
import { osvFilesOf } from "../../formats/osv/parse.js";
import { type OsvAffected, type OsvEvent, type OsvRecord, parseOsvRecord } from "../../formats/osv/schema.js";
import { osvUpdaterFactory } from "./updater.js";

/**
 * Errata of the RHEL rebuilds that publish OSV (AlmaLinux, Rocky Linux): one record per
 * ALSA/RLSA, one `affected` entry per binary rpm, ecosystem `<Vendor>:<major>`, ranges in rpm
 * EVRs (`introduced: "0"`, `fixed: "[epoch:]version-release"`). Both vendors list every binary
 * rpm of the update under its own name, so matching is by binary name, with the source rpm's
 * name asked too (it is one of the binaries in most updates, and the EVRs are shared).
 */
export interface RpmErrataOptions {
  /** claro's ecosystem name and updater id, also the namespace prefix: `almalinux` → `almalinux:8`. */
  readonly name: string;
  /** os-release IDs of the distribution. */
  readonly osIds: readonly string[];
  /** The OSV ecosystem without the release (`AlmaLinux`, `Rocky Linux`); also the bucket folder. */
  readonly osvEcosystem: string;
  /** Other spellings of it seen in records (Apollo's own API writes the slug, `rocky-linux:9`). */
  readonly osvEcosystemAliases?: readonly string[];
  readonly upstreamZipUrl: string;
}

/** `name:stream::pkg` for a package built in a module stream (the scoping the RHEL matcher uses too). */
export function moduleScopedName(name: string, module: string | null): string {
  return module === null ? name : `${module}::${name}`;
}

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = { low: "low", moderate: "medium", important: "high", critical: "critical" };

/** Red Hat's impact word, which both rebuilds keep at the head of the summary (`Important: glibc security update`). */
export function errataSeverity(summary: string | null | undefined): { severity: Severity; vendor: string | null } {
  const word = /^\s*(Low|Moderate|Important|Critical)\s*:/i.exec(summary ?? "")?.[1];
  return word === undefined ? { severity: "unknown", vendor: null } : { severity: SEVERITY_WORDS[word.toLowerCase()]!, vendor: word };
}

/**
 * The module stream an erratum is for, from its summary (`Moderate: nodejs:18 security update`,
 * `Important: container-tools:rhel8 security update`): neither vendor's OSV carries the stream
 * in a field, and without it a nodejs:20 fix would be compared with a nodejs:18 build.
 */
export function errataModule(summary: string | null | undefined): string | null {
  const m = /^\s*\w+\s*:\s*([A-Za-z0-9_.+-]+:[A-Za-z0-9_.+-]+)\s/.exec(summary ?? "");
  return m?.[1] ?? null;
}

const CVE = /^CVE-\d{4}-\d+$/;

/**
 * The record as claro maps it: CVE ids from `related` (AlmaLinux) and `upstream` (Rocky, OSV
 * 1.7+, passed separately) join the aliases, so CVE enrichment and ignore rules see them; entries whose version is
 * a module build (`.module_el8…`, `.module+el8…`) are scoped by the summary's module stream.
 */
export function errataRecord(record: OsvRecord, upstream: unknown = undefined): OsvRecord {
  const extra = [...(record.related ?? []), ...(Array.isArray(upstream) ? (upstream as unknown[]) : [])].filter(
    (id): id is string => typeof id === "string" && CVE.test(id),
  );
  const module = errataModule(record.summary);
  const modular = (a: OsvAffected): boolean => (a.ranges ?? []).some((r) => r.events.some((e) => Object.values(e).some((v) => /\.module[_+]/.test(v))));
  return {
    ...record,
    aliases: [...new Set([...(record.aliases ?? []), ...extra])],
    affected: (record.affected ?? []).map((a) => {
      const named = module !== null && modular(a) ? { ...a, package: { ...a.package, name: moduleScopedName(a.package.name, module) } } : a;
      return withPurlEpoch(named);
    }),
  };
}

/**
 * Rocky's records (Apollo) write the fix as `version-release` and its epoch only in the purl
 * (`…?distro=rocky-linux-9&epoch=1`): without it, an installed `1:3.0.7-24.el9` would sort above
 * the fix `3.0.7-25.el9` and never match. A version that already has an epoch is left alone.
 */
function withPurlEpoch(a: OsvAffected): OsvAffected {
  const epoch = /[?&]epoch=(\d+)/.exec(a.package.purl ?? "")?.[1];
  if (epoch === undefined || Number(epoch) === 0) return a;
  const add = (v: string): string => (v === "0" || v.includes(":") ? v : `${epoch}:${v}`);
  const events = (e: OsvEvent): OsvEvent =>
    "introduced" in e
      ? { introduced: add(e.introduced) }
      : "fixed" in e
        ? { fixed: add(e.fixed) }
        : "last_affected" in e
          ? { last_affected: add(e.last_affected) }
          : e;
  return { ...a, ranges: (a.ranges ?? []).map((r) => ({ ...r, events: r.events.map(events) })) };
}

function* errataAdvisories(body: Buffer, options: OsvMappingOptions, problems: Problem[], name?: string): Generator<Advisory> {
  for (const file of osvFilesOf(body, options.updater, name)) {
    let raw: unknown;
    try {
      raw = JSON.parse(file.text);
    } catch (e) {
      throw new FatalError(
        "FEED_INVALID",
        `${options.updater}: ${file.path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        "the file may be truncated; re-sync the mirror or run the update again",
        { cause: e },
      );
    }
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      const parsed = parseOsvRecord(item);
      if (!parsed.ok) {
        problems.push({ kind: "bad-feed-record", updater: options.updater, detail: `${file.path}: ${parsed.detail}` });
        continue;
      }
      // The schema drops fields it does not name, so OSV 1.7's `upstream` is read from the raw item.
      const record = errataRecord(parsed.record, typeof item === "object" && item !== null ? (item as Record<string, unknown>)["upstream"] : undefined);
      const { severity, vendor } = errataSeverity(record.summary);
      for (const a of osvToAdvisories(record, options, problems)) yield a.severity === "unknown" ? { ...a, severity, vendorSeverity: vendor } : a;
    }
  }
}

/** `AlmaLinux:8` → `almalinux:8` (and `AlmaLinux:8.9`, should a minor appear, to its major). */
function namespaceOf(options: RpmErrataOptions): (ecosystem: string) => string | undefined {
  const prefixes = [options.osvEcosystem, ...(options.osvEcosystemAliases ?? [])].map((p) => `${p}:`);
  return (ecosystem) => {
    const prefix = prefixes.find((p) => ecosystem.startsWith(p));
    if (prefix === undefined) return undefined;
    const major = /^(\d+)/.exec(ecosystem.slice(prefix.length))?.[1];
    return major === undefined ? undefined : `${options.name}:${major}`;
  };
}

/** OSV.dev's `<Vendor>/all.zip` (or a mirror URL, file or directory), read as errata. */
export function rpmErrataUpdaters(options: RpmErrataOptions): UpdaterFactory {
  const mapping: OsvMappingOptions = { updater: options.name, namespaceOf: namespaceOf(options), versionScheme: rpmVersion.id };
  const generic = osvUpdaterFactory({
    ...mapping,
    id: options.name,
    upstreamZipUrl: options.upstreamZipUrl,
    osvEcosystem: options.osvEcosystem,
    ecosystemDir: options.osvEcosystem,
  });
  return async (source, client) =>
    (await generic(source, client)).map((u) => ({
      ...u,
      parse: (body: Buffer): ParseOutput => {
        const problems: Problem[] = [];
        return { advisories: errataAdvisories(body, mapping, problems, source.kind === "file" ? source.path.split("/").pop() : undefined), problems };
      },
    }));
}

/** The stream a package was built in: rpmdb MODULARITYLABEL, else an SBOM's `rpmmod` purl qualifier. */
function packageModule(pkg: Package): string | null {
  const label = pkg.modularityLabel ?? /[?&]rpmmod=([^&#]+)/.exec(pkg.purl)?.[1];
  return moduleStream(label === undefined ? null : decodeURIComponent(label));
}

/** The namespace of an image's release: `almalinux` 8.9 → `almalinux:8`. */
export function errataNamespace(options: RpmErrataOptions, d: Distribution): string | undefined {
  if (!options.osIds.includes(d.id)) return undefined;
  const major = /^(\d+)/.exec(d.versionId)?.[1];
  return major === undefined ? undefined : `${options.name}:${major}`;
}

/** rpm packages of the distribution against its own errata, rpm EVR order, strictly below the fix. */
export function rpmErrataMatcher(options: RpmErrataOptions): Matcher {
  return {
    id: options.name,
    handles: (pkg, d) => pkg.type === "rpm" && d !== null && errataNamespace(options, d) !== undefined,
    queries(pkg, d): readonly AdvisoryQuery[] {
      const namespace = d === null ? undefined : errataNamespace(options, d);
      if (namespace === undefined) return [];
      const module = packageModule(pkg);
      const names = [...new Set([pkg.name, pkg.source?.name ?? pkg.name])];
      return names.map((n) => ({ namespace, packageName: moduleScopedName(n, module), packageKind: "binary" as const }));
    },
    isAffected: (pkg, advisory) => advisory.versionScheme === rpmVersion.id && isAffectedByRange(pkg.version, advisory, rpmVersion.compare),
  };
}
