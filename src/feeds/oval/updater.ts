import { basename, join } from "node:path";
import type { FeedClient, FeedSource, Fingerprint, ParsedFetch, Updater } from "../../contracts/updater.js";
import { FatalError } from "../../core/problem.js";
import { fileChunks } from "../../formats/oval/chunks.js";
import { localFileFingerprint } from "../../formats/feed-file.js";
import { downloadParsed } from "../../formats/feed-download.js";
import { parseOval, parseOvalChunks, type OvalProfile } from "./advisories.js";

/**
 * One OVAL file as one updater: `fetch` goes through the engine's client, `parse` streams the
 * (compressed) XML. A local file is also read by `fetchParsed` straight from disk, a chunk at a
 * time, so a 300 MB document (SUSE's, Red Hat's) is never a Buffer in memory (a download is saved
 * to a temporary file and read the same way); the parse's first
 * pass reads it all, so a cut file throws FEED_INVALID there, before the store is touched.
 */
export function ovalUpdater(id: string, location: string, profile: OvalProfile): Updater {
  const local = !/^https?:\/\//.test(location);
  return {
    id,
    fetch: (previous, client) => client.get(location, previous),
    parse: (body) => parseOval(body, profile, id),
    fetchParsed: async (previous: Fingerprint | null, client: FeedClient): Promise<ParsedFetch> => {
      if (!local)
        return downloadParsed(
          client,
          location,
          previous,
          (path) => parseOvalChunks(fileChunks(path), profile, id),
          (body) => parseOval(body, profile, id),
        );
      const { fingerprint, unchanged } = await localFileFingerprint(location, previous);
      return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: parseOvalChunks(fileChunks(location), profile, id) };
    },
  };
}

/** A vendor's OVAL files: which upstream URLs exist, and how a file name maps to a profile. */
export interface OvalFeedLayout {
  readonly ecosystem: string;
  /** Upstream files as (updater id, URL, profile). */
  readonly upstream: readonly { readonly id: string; readonly url: string; readonly profile: OvalProfile }[];
  /** Profile and updater id for a file name in a mirror (`com.vmware.phsa-photon3.xml`); undefined to skip it. */
  fileProfile(name: string): { readonly id: string; readonly profile: OvalProfile } | undefined;
}

const OVAL_FILE_RE = /\.xml(\.gz|\.bz2)?$/;

/**
 * Upstream: every known file; `file:`/`url:`: that one file, its name choosing the release;
 * `dir:`: every `*.xml[.gz|.bz2]` whose name the layout recognises.
 */
export async function ovalUpdaters(layout: OvalFeedLayout, source: FeedSource, client: FeedClient): Promise<readonly Updater[]> {
  switch (source.kind) {
    case "upstream":
      return layout.upstream.map((u) => ovalUpdater(u.id, u.url, u.profile));
    case "file":
    case "url": {
      const location = source.kind === "file" ? source.path : source.url;
      const name = basename(source.kind === "file" ? source.path : new URL(source.url).pathname);
      const p = layout.fileProfile(name);
      if (!p)
        throw new FatalError(
          "CONFIG_INVALID",
          `${layout.ecosystem}: cannot tell the release from the OVAL file name '${name}'`,
          `name it like the upstream files (${layout.upstream
            .map((u) => basename(u.url))
            .slice(0, 2)
            .join(", ")})`,
        );
      return [ovalUpdater(p.id, location, p.profile)];
    }
    case "dir": {
      const names = (await client.listDir(source.path)).filter((n) => OVAL_FILE_RE.test(n)).sort();
      const out: Updater[] = [];
      for (const n of names) {
        const p = layout.fileProfile(n);
        if (p) out.push(ovalUpdater(p.id, join(source.path, n), p.profile));
      }
      if (out.length === 0)
        throw new FatalError(
          "FEED_UNAVAILABLE",
          `${layout.ecosystem}: no OVAL file with a known name in ${source.path}`,
          `put the upstream files (e.g. ${basename(layout.upstream[0]?.url ?? "feed.xml")}) in the directory`,
        );
      return out;
    }
  }
}
