import type { Advisory } from "../core/advisory.js";
import type { Distribution } from "../core/distribution.js";
import type { Package } from "../core/package.js";
import { FatalError } from "../core/problem.js";
import type { AdvisoryStore } from "../contracts/store.js";
import { packageFromComponent } from "../formats/sbom/index.js";
import { registeredMatchers } from "../app/engines.js";
import { openAdvisoryStore } from "../app/stores.js";
import type { ExitCode } from "./errors.js";
import { writeReport } from "./output.js";

export interface SearchFlags {
  readonly db?: string;
  readonly format?: string;
  readonly limit?: number;
}

/** One advisory as `db search` prints it; `affects` only when a purl with a version was asked about. */
export interface SearchRow {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly updater: string;
  readonly namespace: string;
  readonly package: { readonly name: string; readonly kind: "source" | "binary" };
  readonly versionScheme: string;
  readonly status: Advisory["status"];
  readonly affectedRange: string;
  readonly introducedVersion: string | null;
  readonly fixedVersion: string | null;
  readonly lastAffectedVersion: string | null;
  readonly severity: Advisory["severity"];
  readonly vendorSeverity: string | null;
  readonly affects?: boolean;
}

const DEFAULT_LIMIT = 500;

/**
 * `claro db search ID|PURL|NAME`: what the local database holds, as `grype db search` shows it.
 * A purl goes through the same matchers as a scan (a Debian binary package finds its source
 * package's records in its release), and with a version each record says whether it affects it.
 */
export async function dbSearchCommand(term: string, flags: SearchFlags): Promise<ExitCode> {
  const format = flags.format ?? "table";
  if (format !== "table" && format !== "json") throw new FatalError("CONFIG_INVALID", `unknown db search --format '${format}'`, "use table or json");
  const limit = flags.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new FatalError("CONFIG_INVALID", `--limit: '${String(flags.limit)}' is not a whole number >= 1`);
  const wanted = term.trim();
  if (wanted === "")
    throw new FatalError("CONFIG_INVALID", "db search: empty search term", "give a vulnerability id (CVE-2024-28757), a purl or a package name");
  const store = await openAdvisoryStore(flags.db);
  try {
    if ((await store.countAdvisories()) === 0) {
      throw new FatalError("DB_EMPTY", `the vulnerability database (${store.location}) is empty, so it knows no advisory`, "run `claro db update` first");
    }
    const { rows, how } = wanted.startsWith("pkg:")
      ? await byPurl(store, wanted, limit + 1)
      : { rows: (await store.search({ term: wanted, limit: limit + 1 })).map((a) => toRow(a)), how: "id, alias or package name" };
    const truncated = rows.length > limit;
    const shown = rows.slice(0, limit);
    if (format === "json") {
      writeReport(`${JSON.stringify({ query: wanted, matchedBy: how, database: store.location, truncated, results: shown }, null, 2)}\n`, undefined);
    } else {
      writeReport(renderTable(shown), undefined);
      if (shown.length === 0)
        process.stderr.write(`claro: note: no advisory in ${store.location} has the ${how} '${wanted}'; \`claro db status\` lists the updaters it holds\n`);
    }
    if (truncated) process.stderr.write(`claro: warning: only the first ${limit} advisories are shown; raise --limit to see more\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function byPurl(store: AdvisoryStore, purl: string, limit: number): Promise<{ rows: SearchRow[]; how: string }> {
  const parsed = packageFromComponent({ name: "", version: null, purl, properties: new Map(), licenses: [] }, `sha256:${"0".repeat(64)}`, "db search");
  if ("kind" in parsed)
    throw new FatalError(
      "CONFIG_INVALID",
      `db search: ${parsed.kind === "unsupported" ? parsed.detail.replace(/^db search: /, "").replace(/; skipped$/, "") : `bad purl '${purl}'`}`,
      "write a purl as pkg:TYPE/[NAMESPACE/]NAME[@VERSION][?distro=ID-VERSION]",
    );
  const { pkg, distro } = parsed;
  const matchers = registeredMatchers().filter((m) => m.handles(pkg, distro));
  const found: SearchRow[] = [];
  for (const m of matchers) {
    for (const a of await store.find(m.queries(pkg, distro))) found.push(toRow(a, pkg.version === "" ? undefined : m.isAffected(pkg, a)));
  }
  if (matchers.length > 0) return { rows: found.slice(0, limit), how: `purl (${describe(pkg, distro)})` };
  // No matcher takes it (an OS purl without distro=): fall back to the package name everywhere.
  const name = pkg.source?.name ?? pkg.name;
  return { rows: (await store.search({ term: name, limit })).map((a) => toRow(a)), how: "package name" };
}

function describe(pkg: Package, distro: Distribution | null): string {
  return `${pkg.type} ${pkg.name}${pkg.version === "" ? "" : `@${pkg.version}`}${distro === null ? "" : ` on ${distro.id} ${distro.versionId}`}`;
}

function toRow(a: Advisory, affectsVersion?: boolean): SearchRow {
  return {
    id: a.id,
    aliases: a.aliases,
    updater: a.updater,
    namespace: a.namespace,
    package: { name: a.packageName, kind: a.packageKind },
    versionScheme: a.versionScheme,
    status: a.status,
    affectedRange: range(a),
    introducedVersion: a.introducedVersion,
    fixedVersion: a.fixedVersion,
    lastAffectedVersion: a.lastAffectedVersion ?? null,
    severity: a.severity,
    vendorSeverity: a.vendorSeverity,
    ...(affectsVersion === undefined ? {} : { affects: affectsVersion }),
  };
}

/** `>= 1.2, < 1.4`, `<= 2.0` or `< 3.0-1` in the advisory's own version scheme; `*` is every version. */
function range(a: Advisory): string {
  const lower = a.introducedVersion !== null && a.introducedVersion !== "" && a.introducedVersion !== "0" ? `>= ${a.introducedVersion}` : null;
  const last = a.lastAffectedVersion ?? null;
  const upper = a.fixedVersion !== null ? `< ${a.fixedVersion}` : last !== null ? (last.startsWith("<") ? `< ${last.slice(1)}` : `<= ${last}`) : null;
  const parts = [lower, upper].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(", ") : a.status === "not_affected" ? "none" : "*";
}

function renderTable(rows: readonly SearchRow[]): string {
  const withAffects = rows.some((r) => r.affects !== undefined);
  const header = ["ID", "PACKAGE", "NAMESPACE", "UPDATER", "AFFECTED", "FIXED IN", "STATUS", "SEVERITY", ...(withAffects ? ["AFFECTS"] : [])];
  const body = rows.map((r) => [
    r.id,
    r.package.name,
    r.namespace,
    r.updater,
    r.affectedRange,
    r.fixedVersion ?? "-",
    r.status,
    r.vendorSeverity !== null && r.vendorSeverity !== r.severity ? `${r.severity} (${r.vendorSeverity})` : r.severity,
    ...(withAffects ? [r.affects === true ? "yes" : "no"] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
  return `${[line(header), ...body.map(line)].join("\n")}\n${rows.length} advisor${rows.length === 1 ? "y" : "ies"}\n`;
}
