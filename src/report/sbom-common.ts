import { createRequire } from "node:module";
import type { Package } from "../core/package.js";

/** The tool name and version written into SBOM metadata. */
export const CLARO_TOOL = { name: "claro", version: "0.1.0" } as const;

/**
 * Property names claro writes into CycloneDX properties and SPDX annotations. `sbom:` input reads
 * them back, so an SBOM that claro wrote scans exactly like the image (layer included).
 */
export const SBOM_PROPS = {
  layerDiffId: "claro:layer:diffID",
  packageType: "claro:package:type",
  sourceName: "claro:source:name",
  sourceVersion: "claro:source:version",
  foundIn: "claro:location:path",
  dev: "claro:package:dev",
  /** Maven: pom.properties, pom.xml, manifest or file-name, whichever named the coordinates. */
  evidence: "claro:package:evidence",
  platform: "claro:image:platform",
  repository: "claro:image:repository",
  codename: "claro:distro:codename",
  /** `claro:image:layer:<n>:diffID` / `:digest`, base layer first. */
  imageLayer: "claro:image:layer",
} as const;

export interface SbomRenderOptions {
  /** The clock for timestamps; tests pin it. */
  readonly now?: () => Date;
  /** Source of the serial number / namespace uuid; tests pin it. */
  readonly uuid?: () => string;
}

const requireCjs = createRequire(import.meta.url);
// spdx-expression-parse ships no types; it is only asked "does this parse".
const parseSpdx = requireCjs("spdx-expression-parse") as (s: string) => unknown;

/** True when `value` is a valid SPDX licence expression (a single id counts). */
export function isSpdxExpression(value: string): boolean {
  try {
    parseSpdx(value);
    return true;
  } catch {
    return false;
  }
}

/** Stable, unique reference per package: its purl, suffixed when two packages share one. */
export function packageRefs(packages: readonly Package[], prefix = ""): Map<Package, string> {
  const seen = new Map<string, number>();
  const out = new Map<Package, string>();
  for (const p of packages) {
    const n = (seen.get(p.purl) ?? 0) + 1;
    seen.set(p.purl, n);
    out.set(p, `${prefix}${p.purl}${n === 1 ? "" : `#${n}`}`);
  }
  return out;
}

/** The package facts both SBOM formats carry beyond name/version/purl, as name/value pairs. */
export function packageProperties(p: Package): [string, string][] {
  const props: [string, string][] = [
    [SBOM_PROPS.layerDiffId, p.layer],
    [SBOM_PROPS.packageType, p.type],
  ];
  if (p.source !== null) props.push([SBOM_PROPS.sourceName, p.source.name], [SBOM_PROPS.sourceVersion, p.source.version]);
  if (p.foundIn !== "") props.push([SBOM_PROPS.foundIn, p.foundIn]);
  if (p.dev === true) props.push([SBOM_PROPS.dev, "true"]);
  if (p.evidence !== undefined) props.push([SBOM_PROPS.evidence, p.evidence]);
  return props;
}
