import type { Ecosystem } from "../contracts/ecosystem.js";
import type { Matcher } from "../contracts/matcher.js";
import type { DistributionScanner, PackageScanner } from "../contracts/scanner.js";
import { ecosystems } from "../ecosystems/index.js";

/** The scanners a workflow indexes with: distribution scanners, then package scanners. */
export interface Scanners {
  readonly distribution: readonly DistributionScanner[];
  readonly package: readonly PackageScanner[];
}

/** Scanners of every registered ecosystem, each id once (ecosystems may share a scanner). */
export function registeredScanners(): { distribution: DistributionScanner[]; package: PackageScanner[] } {
  const distribution = new Map<string, DistributionScanner>();
  const pkg = new Map<string, PackageScanner>();
  for (const eco of Object.values(ecosystems)) {
    for (const s of eco.distributionScanners) if (!distribution.has(s.id)) distribution.set(s.id, s);
    for (const s of eco.packageScanners) if (!pkg.has(s.id)) pkg.set(s.id, s);
  }
  return { distribution: [...distribution.values()], package: [...pkg.values()] };
}

export function registeredMatchers(): Matcher[] {
  return Object.values(ecosystems).map((e) => e.matcher);
}

/** Every registered ecosystem, for coverage: which package types some feed matches. */
export function registeredEcosystems(): readonly Ecosystem[] {
  return Object.values(ecosystems);
}
