import { existsSync, statSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { FeedSource } from "../contracts/updater.js";
import type { EcosystemName } from "../ecosystems/index.js";
import { deferredUpdaters, ECOSYSTEM_NAMES, isEcosystemName } from "../ecosystems/updater-catalog.js";
import type { EnrichmentPlan, UpdatePlan } from "../updater/index.js";
import { enrichers, isEnricherName, type EnricherName } from "./enrichers.js";

/** An updater `--source`/`--only` may name: an ecosystem, or a per-CVE enrichment feed. */
export type FeedName = EcosystemName | EnricherName;

/** NVD is left out of the default set: its API is paged and rate-limited without a key; name it to get it. */
const DEFAULT_ENRICHERS: readonly EnricherName[] = ["epss", "kev"];

export function knownFeedNames(withEnrichers = true): string[] {
  return [...ECOSYSTEM_NAMES, ...(withEnrichers ? Object.keys(enrichers) : [])];
}

/** Checks one name; `what` is the flag or setting that gave it, so the error names it. */
export function feedName(value: string, what: string, withEnrichers = true): FeedName {
  if (!isEcosystemName(value) && !(withEnrichers && isEnricherName(value))) {
    throw new FatalError("CONFIG_INVALID", `${what}: unknown updater '${value}'`, `known: ${knownFeedNames(withEnrichers).join(", ")}`);
  }
  return value;
}

/**
 * `NAME=PATH|URL`, as `claro db update --source` and `claro serve --source` take it: a file is
 * the whole feed, a directory holds upstream-named files, a URL is a mirror.
 */
export function parseFeedSources(values: readonly string[], what = "--source", withEnrichers = true): Map<FeedName, FeedSource> {
  const out = new Map<FeedName, FeedSource>();
  for (const v of values) {
    const i = v.indexOf("=");
    if (i <= 0) throw new FatalError("CONFIG_INVALID", `${what} '${v}' is not NAME=PATH|URL`, "e.g. --source debian=./data.json");
    const name = feedName(v.slice(0, i), what, withEnrichers);
    const where = v.slice(i + 1);
    if (/^https?:\/\//.test(where)) out.set(name, { kind: "url", url: where });
    else if (!existsSync(where)) throw new FatalError("CONFIG_INVALID", `${what} ${name}: ${where} does not exist`);
    else out.set(name, statSync(where).isDirectory() ? { kind: "dir", path: where } : { kind: "file", path: where });
  }
  return out;
}

/**
 * The updaters to run: `only` when given; else, with explicit sources, just those (an air-gapped
 * host has no upstream); else every ecosystem and the default enrichment feeds.
 */
export function updatePlans(
  only: readonly FeedName[] | null,
  sources: ReadonlyMap<FeedName, FeedSource>,
  withEnrichers = true,
): { plans: UpdatePlan[]; enrichPlans: EnrichmentPlan[] } {
  const names = only ?? (sources.size > 0 ? [...sources.keys()] : [...ECOSYSTEM_NAMES, ...(withEnrichers ? DEFAULT_ENRICHERS : [])]);
  const plans: UpdatePlan[] = names.filter(isEcosystemName).map((name) => ({
    ecosystem: name,
    // Loaded when the plan runs: one ecosystem's modules, not the whole registry.
    factory: deferredUpdaters(name),
    source: sources.get(name) ?? { kind: "upstream" },
  }));
  const enrichPlans: EnrichmentPlan[] = names.filter(isEnricherName).map((name) => ({
    name,
    factory: enrichers[name],
    source: sources.get(name) ?? { kind: "upstream" },
  }));
  return { plans, enrichPlans };
}
