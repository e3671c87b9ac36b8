import type { ParseOutput } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { osvRecordSchema, type OsvRecord } from "./osv-schema.js";
import {
  cvssOf,
  descriptionOf,
  explicitStatus,
  idsOf,
  intervalsOf,
  parseUbuntuEcosystem,
  severityOfPriority,
  ubuntuFixStatus,
  ubuntuNamespace,
  ubuntuPriority,
} from "./osv-mapping.js";

/** One OSV JSON document and where it came from (a path relative to the feed root). */
export interface OsvFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Maps OSV files to advisories, lazily. A file that is not JSON (truncated download, cut-off
 * mirror) throws FEED_INVALID so the previous data stays; a JSON record that does not fit the
 * schema is a problem and the rest still loads.
 *
 * Skipped on purpose, without a problem: withdrawn records (OSV says consumers must ignore them),
 * and USN/LSN notices, which restate the fixes of the `UBUNTU-CVE-…` records they point to; the
 * notice ids come along as aliases through the CVE records' `related`.
 */
export function parseOsvFiles(files: Iterable<OsvFile>, updater: string): ParseOutput {
  const problems: Problem[] = [];
  return { advisories: advisoriesOf(files, updater, problems), problems };
}

function* advisoriesOf(files: Iterable<OsvFile>, updater: string, problems: Problem[]): Generator<Advisory> {
  const unknownEcosystems = new Set<string>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(file.text);
    } catch (e) {
      throw new FatalError(
        "FEED_INVALID",
        `${updater}: ${file.path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        "the file may be truncated; re-sync the mirror or run the update again",
        { cause: e },
      );
    }
    const parsed = osvRecordSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({
        kind: "bad-feed-record",
        updater,
        detail: `${file.path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      });
      continue;
    }
    const record = parsed.data;
    if (record.withdrawn !== undefined || /^(USN|LSN)-/.test(record.id)) continue;
    yield* advisoriesOfRecord(record, file.path, updater, problems, unknownEcosystems);
  }
}

function* advisoriesOfRecord(r: OsvRecord, path: string, updater: string, problems: Problem[], unknownEcosystems: Set<string>): Generator<Advisory> {
  const { id, aliases } = idsOf(r);
  const priority = ubuntuPriority(r);
  const common = {
    id,
    aliases,
    packageKind: "source" as const,
    versionScheme: "dpkg",
    severity: severityOfPriority(priority),
    vendorSeverity: priority,
    cvss: cvssOf(r),
    description: descriptionOf(r),
    links: [...new Set((r.references ?? []).map((ref) => ref.url))],
    updater,
  };
  for (const a of r.affected) {
    const eco = parseUbuntuEcosystem(a.package.ecosystem);
    if (eco === undefined) {
      if (!unknownEcosystems.has(a.package.ecosystem)) {
        problems.push({
          kind: "bad-feed-record",
          updater,
          detail: `unsupported ecosystem '${a.package.ecosystem}' (first seen in ${path}); its entries are skipped`,
        });
        unknownEcosystems.add(a.package.ecosystem);
      }
      continue;
    }
    const where = `${path} ${a.package.ecosystem} ${a.package.name}`;
    const { intervals, unsupported } = intervalsOf(a.ranges);
    if (unsupported.length > 0)
      problems.push({ kind: "bad-feed-record", updater, detail: `${where}: ${unsupported.join(", ")} not supported; those ranges are skipped` });
    const base = { ...common, namespace: ubuntuNamespace(eco.version, eco.pro), packageName: a.package.name };
    const named = explicitStatus(a);
    if (named !== undefined) {
      const status = ubuntuFixStatus(named.status, named.note);
      if (status === undefined || (status === "fixed" && !intervals.some((i) => i.fixed !== null))) {
        problems.push({ kind: "bad-feed-record", updater, detail: `${where}: cannot map status '${named.status}'` });
        continue;
      }
      if (status !== "fixed") {
        yield { ...base, status, fixedVersion: null, introducedVersion: intervals[0]?.introduced ?? null };
        continue;
      }
    }
    if (intervals.length === 0) {
      problems.push({ kind: "bad-feed-record", updater, detail: `${where}: no ECOSYSTEM range` });
      continue;
    }
    for (const i of intervals) {
      yield { ...base, status: i.fixed === null ? "affected" : "fixed", fixedVersion: i.fixed, introducedVersion: i.introduced };
    }
  }
}
