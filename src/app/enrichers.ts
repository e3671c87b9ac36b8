import type { EnrichmentUpdaterFactory } from "../contracts/enrichment.js";
import { epssEnrichers } from "../feeds/epss/index.js";
import { kevEnrichers } from "../feeds/kev/index.js";
import { nvdEnrichers } from "../feeds/nvd/nvd-updater.js";

/**
 * The per-CVE feeds `claro db update` fills next to the ecosystems. They are not Ecosystems
 * (no packages, no matcher); findings pick their records up at report time.
 */
export const enrichers = {
  nvd: nvdEnrichers,
  epss: epssEnrichers,
  kev: kevEnrichers,
} as const satisfies Record<string, EnrichmentUpdaterFactory>;

export type EnricherName = keyof typeof enrichers;

export function isEnricherName(name: string): name is EnricherName {
  return Object.hasOwn(enrichers, name);
}
