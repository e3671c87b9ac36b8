import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import type { FeedClient, FetchOutcome, Fingerprint, ParseOutput, Updater } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { bundleFiles, type CsafFile, unbundle } from "./bundle.js";
import { advisoriesOfSecurityData, SECURITYDATA_UPDATER_ID, type SecurityDataMin, securityDataMinSchema } from "./securitydata-mapping.js";

/** The list endpoint: pages of "min" entries, each naming its full record's `resource_url`. */
export const SECURITYDATA_LIST = "https://access.redhat.com/hydra/rest/securitydata/cve.json";
const PER_PAGE = 1000;

/** Per-CVE file names as Red Hat serves them (`cve-2024-8088.json`) or vunnel mirrors them (`CVE-2017-3509`). */
const RECORD_NAME = /^cve-\d{4}-\d+(\.json)?$/i;

/** True when a parsed JSON value is a Security Data API per-CVE document (not CSAF, not a list). */
export function looksLikeSecurityData(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value) || "document" in value) return false;
  return "name" in value && ("affected_release" in value || "package_state" in value || "threat_severity" in value);
}

function outcome(files: CsafFile[], previous: Fingerprint | null): FetchOutcome {
  const body = bundleFiles(files);
  const fingerprint = JSON.stringify({ sha256: createHash("sha256").update(body).digest("hex") });
  return previous === fingerprint ? { status: "unchanged" } : { status: "changed", body, fingerprint };
}

async function text(client: FeedClient, location: string): Promise<string> {
  const got = await client.get(location, null);
  if (got.status !== "changed") throw new FatalError("FEED_UNAVAILABLE", `${SECURITYDATA_UPDATER_ID}: ${location} answered without a body`);
  return got.body.toString("utf8");
}

async function recordsIn(dir: string, client: FeedClient, prefix: string): Promise<CsafFile[]> {
  const out: CsafFile[] = [];
  for (const name of (await client.listDir(dir)).filter((n) => RECORD_NAME.test(n))) {
    out.push({ path: `${prefix}${name}`, text: await text(client, join(dir, name)) });
  }
  return out;
}

/**
 * A mirror directory: per-CVE documents in it, or vunnel's layout `full/<CVE>` (the records) plus
 * `min/<CVE>` (the list endpoint's entries, kept as the index the records are checked against).
 */
export function securityDataDirUpdater(dir: string): Updater {
  return {
    id: SECURITYDATA_UPDATER_ID,
    async fetch(previous, client) {
      const names = new Set(await client.listDir(dir));
      const files = names.has("full")
        ? [...(await recordsIn(join(dir, "full"), client, "full/")), ...(names.has("min") ? await recordsIn(join(dir, "min"), client, "min/") : [])]
        : await recordsIn(dir, client, "");
      return outcome(files, previous);
    },
    parse: (body) => parseSecurityDataBody(body),
  };
}

/** One per-CVE document, by path or URL (`…/securitydata/cve/CVE-2024-8088.json`). */
export function securityDataFileUpdater(location: string): Updater {
  return {
    id: SECURITYDATA_UPDATER_ID,
    fetch: (previous, client) => client.get(location, previous),
    parse: (body) => parseSecurityDataBody(body, basename(location)),
  };
}

/**
 * The list endpoint (upstream or a mirror with its query interface): pages until an empty one,
 * then each entry's full record. One request per CVE, so meant for a bounded query
 * (`cve.json?after=2024-01-01`, `?package=…`); the CSAF archive stays the bulk source.
 */
export function securityDataListUpdater(listUrl: string): Updater {
  return {
    id: SECURITYDATA_UPDATER_ID,
    async fetch(previous, client) {
      const files: CsafFile[] = [];
      for (let page = 1; ; page++) {
        const url = new URL(listUrl);
        url.searchParams.set("per_page", String(PER_PAGE));
        url.searchParams.set("page", String(page));
        const entries = minEntries(JSON.parse(await text(client, url.toString())) as unknown, url.toString(), []);
        for (const e of entries) {
          const full = e.resource_url ?? new URL(`cve/${e.CVE}.json`, SECURITYDATA_LIST).toString();
          files.push({ path: `full/${e.CVE}`, text: await text(client, full) });
        }
        if (entries.length < PER_PAGE) break;
      }
      return outcome(files, previous);
    },
    parse: (body) => parseSecurityDataBody(body),
  };
}

function packagesOf(value: unknown): string {
  const releases = (value as { affected_release?: unknown }).affected_release;
  const names = Array.isArray(releases) ? releases.map((r) => (r as { package?: unknown }).package).filter((p): p is string => typeof p === "string") : [];
  return [...new Set(names)].sort().join(" ");
}

function minEntries(value: unknown, where: string, problems: Problem[]): SecurityDataMin[] {
  const out: SecurityDataMin[] = [];
  for (const [i, raw] of (Array.isArray(value) ? value : [value]).entries()) {
    const m = securityDataMinSchema.safeParse(raw);
    if (m.success) out.push(m.data);
    else
      problems.push({ kind: "bad-feed-record", updater: SECURITYDATA_UPDATER_ID, detail: `${where}[${i}]: not a list entry (${m.error.issues[0]?.message})` });
  }
  return out;
}

/**
 * Parses a body: one per-CVE document, or a bundle of them (with `min/` index entries). A file
 * that is not JSON throws FEED_INVALID naming it; a record that breaks the schema, and an index
 * entry whose full record is missing, are problems.
 */
export function parseSecurityDataBody(body: Buffer, name = "feed"): ParseOutput {
  const problems: Problem[] = [];
  const records: { path: string; value: unknown }[] = [];
  const index: { path: string; entry: SecurityDataMin }[] = [];
  for (const f of unbundle(body, name)) {
    let value: unknown;
    try {
      value = JSON.parse(f.text);
    } catch (e) {
      throw new FatalError(
        "FEED_INVALID",
        `${SECURITYDATA_UPDATER_ID}: ${f.path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        "the download may be truncated; run the update again",
        { cause: e },
      );
    }
    if (f.path.startsWith("min/") || Array.isArray(value)) index.push(...minEntries(value, f.path, problems).map((entry) => ({ path: f.path, entry })));
    else records.push({ path: f.path, value });
  }
  // The index and the records come from two requests; a stale pair shows as different fixes.
  const fixesOf = new Map(records.map((r) => [(r.value as { name?: unknown }).name, packagesOf(r.value)] as const));
  for (const { path, entry } of index) {
    const fixes = fixesOf.get(entry.CVE);
    const listed = [...new Set(entry.affected_packages ?? [])].sort().join(" ");
    if (fixes === undefined)
      problems.push({ kind: "bad-feed-record", updater: SECURITYDATA_UPDATER_ID, detail: `${path}: ${entry.CVE} is listed but its full record is missing` });
    else if (fixes !== listed)
      problems.push({
        kind: "bad-feed-record",
        updater: SECURITYDATA_UPDATER_ID,
        detail: `${path}: ${entry.CVE} lists other fixed packages than its full record (stale mirror?)`,
      });
  }
  function* all(): Generator<Advisory> {
    for (const r of records) yield* advisoriesOfSecurityData(r.value, r.path, problems);
  }
  return { advisories: all(), problems };
}
