import { join } from "node:path";
import type { FeedClient, FeedSource, Fingerprint, ParseOutput, Updater, UpdaterFactory } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
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
 * Parses the tracker JSON. The body is parsed once (JSON has no cheap streaming form here) but
 * advisories are yielded lazily per record, so the store can write them as they come. A body
 * that is not JSON at all (e.g. truncated) throws FEED_INVALID; a bad record is a problem.
 */
export function parseDebianFeed(body: Buffer): ParseOutput {
  let root: unknown;
  try {
    root = JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new FatalError("FEED_INVALID", `debian: the feed is not valid JSON (${e instanceof Error ? e.message : String(e)})`, "the download may be truncated; run the update again or check the --source file", { cause: e });
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    throw new FatalError("FEED_INVALID", "debian: the feed is not a JSON object keyed by source package", "check that --source points at the tracker's /tracker/data/json output");
  }
  const problems: Problem[] = [];
  return { advisories: advisoriesOf(root as Record<string, unknown>, problems), problems };
}

function* advisoriesOf(root: Record<string, unknown>, problems: Problem[]): Generator<Advisory> {
  const unknownCodenames = new Set<string>();
  for (const [pkg, cves] of Object.entries(root)) {
    if (cves === null || typeof cves !== "object" || Array.isArray(cves)) {
      problems.push(bad(`${pkg}: expected an object of CVE records`));
      continue;
    }
    for (const [id, raw] of Object.entries(cves as Record<string, unknown>)) {
      const parsed = cveSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push(bad(`${pkg} ${id}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`));
        continue;
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
          problems.push(bad(`${pkg} ${id} ${codename}: cannot map status '${release.status}'${release.fixed_version === undefined ? " without a fixed_version" : ""}`));
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
  }
}

export function debianUpdater(source: FeedSource): Updater {
  const location = debianFeedLocation(source);
  return {
    id: DEBIAN_UPDATER_ID,
    fetch: (previous: Fingerprint | null, client: FeedClient) => client.get(location, previous),
    parse: parseDebianFeed,
  };
}

/** One updater: the tracker publishes every release in one document. */
export const debianUpdaters: UpdaterFactory = async (source) => [debianUpdater(source)];
