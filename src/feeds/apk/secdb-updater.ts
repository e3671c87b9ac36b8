import type { Updater } from "../../contracts/updater.js";
import { parseSecdb } from "../../formats/apk/secdb.js";
import { secdbAdvisories } from "../../formats/apk/secdb-advisories.js";

export interface SecdbFeed {
  /** Updater id, e.g. `alpine/v3.9/main`, `wolfi`. */
  readonly id: string;
  /** URL or local path of the secdb file. */
  readonly location: string;
  readonly namespace: string;
  readonly link: (id: string) => string;
}

/** An updater for one secdb file: a conditional fetch, then parse and convert. */
export function secdbUpdater(feed: SecdbFeed): Updater {
  return {
    id: feed.id,
    fetch: (previous, client) => client.get(feed.location, previous),
    parse(body) {
      const { document, problems } = parseSecdb(body, feed.id);
      const advisories = secdbAdvisories(document, { namespace: feed.namespace, updater: feed.id, link: feed.link });
      return { advisories, problems };
    },
  };
}

/**
 * Reads `distroversion` and `reponame` from the head of a secdb file without parsing it whole,
 * so a factory can name an updater for a file it was handed (`--source alpine=FILE`).
 */
export function peekSecdbHeader(head: string): { distroversion: string | null; reponame: string | null } {
  const field = (name: string): string | null => {
    const m = new RegExp(`^\\s*"?${name}"?\\s*:\\s*"?([A-Za-z0-9._-]+)"?`, "m").exec(head);
    return m === null ? null : m[1]!;
  };
  return { distroversion: field("distroversion"), reponame: field("reponame") };
}
