import { z } from "zod";
import type { Advisory } from "../../core/advisory.js";
import type { Problem } from "../../core/problem.js";
import type { Severity } from "../../core/severity.js";
import { rpmVersion } from "../../formats/rpm/version.js";
import { parseAlasPage } from "./advisory-page.js";
import { extrasTopicOf } from "./extras.js";
import { amazonNamespace, type AmazonRelease } from "./releases.js";
import type { AlasRssItem } from "./rss.js";

/**
 * What `fetch` hands to `parse`: the RSS feed and every advisory page it links, in one body,
 * because the updater contract moves one buffer per feed and ALAS spreads the fixed versions
 * over one HTML page per advisory.
 */
export const bundleSchema = z.object({
  format: z.literal("claro-alas/1"),
  release: z.enum(["1", "2", "2022", "2023"]),
  rss: z.string(),
  /** ALAS id → page HTML. */
  pages: z.record(z.string(), z.string()),
  /** ALAS ids whose page could not be fetched, with the reason. */
  missing: z.record(z.string(), z.string()),
});
export type AlasBundle = z.infer<typeof bundleSchema>;

/** Where each advisory's page is read from when its turn comes: the bundle, or one file at a time. */
export interface AlasPages {
  /** The page HTML; undefined when it could not be fetched. */
  html(id: string): string | undefined;
  /** Why the page could not be fetched. */
  missing(id: string): string | undefined;
}

/** The pages of a fetched bundle. */
export function bundlePages(bundle: AlasBundle): AlasPages {
  return { html: (id) => bundle.pages[id], missing: (id) => bundle.missing[id] };
}

/** ALAS severity words → claro's (vunnel maps important → High too). */
export function severityOfAlas(word: string): Severity {
  switch (word.trim().toLowerCase()) {
    case "critical":
      return "critical";
    case "important":
      return "high";
    case "medium":
      return "medium";
    case "low":
      return "low";
    default:
      return "unknown";
  }
}

/**
 * Turns RSS items plus their pages into advisories, one per (CVE, package), with the CVE
 * as the id and the ALAS ids as aliases (Trivy's choice: reports and ignore files speak CVE; the
 * ALAS is the vendor id). An ALAS naming no CVE keeps its own id. When several ALAS fix the same
 * CVE in the same package (a fix that needed a follow-up), the highest fixed version wins, as
 * the earlier build is known still to be vulnerable; extras topics are kept apart (extras.ts).
 */
export function advisoriesOfFeed(items: readonly AlasRssItem[], release: AmazonRelease, pages: AlasPages, updater: string, problems: Problem[]): Advisory[] {
  const namespace = amazonNamespace(release);
  const merged = new Map<string, Advisory>();
  const bad = (detail: string): void => void problems.push({ kind: "bad-feed-record", updater, detail });
  for (const item of items) {
    const html = pages.html(item.id);
    if (html === undefined) {
      bad(`${item.id}: advisory page not available (${pages.missing(item.id) ?? "not fetched"}); its fixed versions are unknown, so it is skipped`);
      continue;
    }
    const page = parseAlasPage(html);
    if (typeof page === "string") {
      bad(`${item.id}: ${page}; skipped`);
      continue;
    }
    const cves = [...new Set([...item.cves, ...page.cves])];
    const alasIds = [item.id, ...(page.headingId !== null && page.headingId !== item.id ? [page.headingId] : [])];
    const topic = extrasTopicOf(item.id)?.topic ?? "";
    for (const fix of page.fixed) {
      for (const id of cves.length > 0 ? cves : [item.id]) {
        const record: Advisory = {
          id,
          aliases: alasIds.filter((a) => a !== id),
          namespace,
          packageName: fix.name,
          packageKind: fix.kind,
          versionScheme: rpmVersion.id,
          status: "fixed",
          fixedVersion: fix.evr,
          introducedVersion: null,
          severity: severityOfAlas(item.severity || page.severity || ""),
          vendorSeverity: item.severity || page.severity?.toLowerCase() || null,
          cvss: [],
          description: page.description,
          links: [item.link],
          updater,
        };
        const key = `${topic}\u0000${fix.kind}\u0000${fix.name}\u0000${id}`;
        const seen = merged.get(key);
        merged.set(key, seen === undefined ? record : mergeRecords(seen, record));
      }
    }
  }
  return [...merged.values()];
}

function mergeRecords(a: Advisory, b: Advisory): Advisory {
  const later = rpmVersion.compare(b.fixedVersion ?? "", a.fixedVersion ?? "") > 0 ? b : a;
  return {
    ...later,
    aliases: [...new Set([...a.aliases, ...b.aliases])],
    links: [...new Set([...a.links, ...b.links])],
  };
}
