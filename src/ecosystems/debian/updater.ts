import { join } from "node:path";
import type { FeedClient, FeedSource, Fingerprint, ParsedFetch, ParseOutput, Updater, UpdaterFactory } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import type { Problem } from "../../core/problem.js";
import { bufferSlices, fileSlices, localFileFingerprint } from "../../formats/feed-file.js";
import { downloadParsed } from "../../formats/feed-download.js";
import { jsonObjectMembers } from "../../formats/json-members.js";
import { cveSchema } from "./feed-schema.js";
import { fixStatusOf, severityOfUrgency } from "./feed-mapping.js";
import { releaseKey, UNSTABLE, versionOfCodename } from "./releases.js";

export const DEBIAN_TRACKER_URL = "https://security-tracker.debian.org/tracker/data/json";
export const DEBIAN_UPDATER_ID = "debian";

/** Where the whole feed is: upstream, a mirror URL, a local copy, or `<dir>/data.json`. */
export function debianFeedLocation(source: FeedSource): string {
  switch (source.kind) {
    case "upstream":
      return DEBIAN_TRACKER_URL;
    case "url":
      return source.url;
    case "file":
      return source.path;
    case "dir":
      return join(source.path, "data.json");
  }
}

/** `bookworm` → `debian:12`, `sid` → `debian:unstable`; undefined for codenames we do not know. */
export function namespaceOfCodename(codename: string): string | undefined {
  const v = versionOfCodename(codename);
  if (v === undefined) return undefined;
  return `debian:${v === UNSTABLE ? UNSTABLE : releaseKey(v)}`;
}

function bad(detail: string): Problem {
  return { kind: "bad-feed-record", updater: DEBIAN_UPDATER_ID, detail };
}

/**
 * Parses the tracker JSON as a stream (issue 13: today's feed is 75 MB, 500,000 release entries,
 * and `JSON.parse` of it held ~450 MB). One source package's records are materialised at a time,
 * validated and mapped, then dropped; advisories are yielded as the store consumes them. A body that is not
 * JSON (truncated, say) throws FEED_INVALID from the iteration, inside the store's transaction,
 * so the previous data stays; a bad record is a problem.
 */
export function parseDebianSlices(slices: Iterable<Uint8Array>): ParseOutput {
  const problems: Problem[] = [];
  return { advisories: advisoriesOf(slices, problems), problems };
}

/** `parseDebianSlices` of a body already in memory. */
export function parseDebianFeed(body: Buffer): ParseOutput {
  return parseDebianSlices(bufferSlices(body));
}

function* advisoriesOf(slices: Iterable<Uint8Array>, problems: Problem[]): Generator<Advisory> {
  const unknownCodenames = new Set<string>();
  for (const [pkg, cves] of jsonObjectMembers(slices, DEBIAN_UPDATER_ID)) {
    if (!isObject(cves)) {
      problems.push(bad(`${pkg}: expected an object of CVE records`));
      continue;
    }
    for (const [id, raw] of Object.entries(cves as Record<string, unknown>)) yield* advisoriesOfCve(pkg, id, raw, problems, unknownCodenames);
  }
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function* advisoriesOfCve(pkg: string, id: string, raw: unknown, problems: Problem[], unknownCodenames: Set<string>): Generator<Advisory> {
  const parsed = cveSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(bad(`${pkg} ${id}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`));
    return;
  }
  const cve = parsed.data;
  for (const [codename, release] of Object.entries(cve.releases)) {
    const namespace = namespaceOfCodename(codename);
    if (namespace === undefined) {
      if (!unknownCodenames.has(codename)) problems.push(bad(`unknown release codename '${codename}' (first seen at ${pkg} ${id}); its records are skipped`));
      unknownCodenames.add(codename);
      continue;
    }
    const fix = fixStatusOf(release);
    if (fix === undefined) {
      problems.push(
        bad(`${pkg} ${id} ${codename}: cannot map status '${release.status}'${release.fixed_version === undefined ? " without a fixed_version" : ""}`),
      );
      continue;
    }
    yield {
      id,
      aliases: [],
      namespace,
      packageName: pkg,
      packageKind: "source",
      versionScheme: "dpkg",
      status: fix.status,
      fixedVersion: fix.fixedVersion,
      introducedVersion: null,
      severity: severityOfUrgency(release.urgency),
      vendorSeverity: release.urgency?.trim() || null,
      cvss: [],
      description: cve.description?.trim() || null,
      links: [`https://security-tracker.debian.org/tracker/${id}`],
      updater: DEBIAN_UPDATER_ID,
    };
  }
}

/**
 * A local copy is hashed and then parsed from disk in slices; a download is saved to a temporary
 * file first and parsed from it the same way, so neither the body nor the document is ever whole.
 */
async function fetchParsed(location: string, previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> {
  if (!/^https?:\/\//.test(location)) {
    const { fingerprint, unchanged } = await localFileFingerprint(location, previous);
    return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: parseDebianSlices(fileSlices(location)) };
  }
  return downloadParsed(client, location, previous, (path) => parseDebianSlices(fileSlices(path)), parseDebianFeed);
}

export function debianUpdater(source: FeedSource): Updater {
  const location = debianFeedLocation(source);
  return {
    id: DEBIAN_UPDATER_ID,
    fetch: (previous: Fingerprint | null, client: FeedClient) => client.get(location, previous),
    parse: parseDebianFeed,
    fetchParsed: (previous: Fingerprint | null, client: FeedClient) => fetchParsed(location, previous, client),
  };
}

/** One updater: the tracker publishes every release in one document. */
export const debianUpdaters: UpdaterFactory = async (source) => [debianUpdater(source)];
