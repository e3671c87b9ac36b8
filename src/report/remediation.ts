import type { VersionOrder } from "../contracts/reporter.js";
import type { FixStatus } from "../core/advisory.js";
import type { Digest } from "../core/digest.js";
import type { Package, PackageType } from "../core/package.js";
import type { BuildInfo, Finding, VulnerabilityReport } from "../core/report.js";
import { severityRank, type Severity } from "../core/severity.js";
import { compareFindings, compareText } from "./order.js";

/** One package upgrade: the lowest version that fixes every fixable finding of the package. */
export interface PackageFix {
  readonly name: string;
  readonly type: PackageType;
  readonly version: string;
  readonly fixedVersion: string;
  /** How many findings the upgrade removes. */
  readonly findings: number;
  readonly ids: readonly string[];
  readonly highestSeverity: Severity;
  /** Language packages: the manifest or lockfile that pins the package; null for OS packages. */
  readonly manifest: string | null;
}

/**
 * The fixable findings of the base image (`base`, all its layers together: one upgrade of the
 * base fixes them all) or of one of the user's own layers (`layer`).
 */
export interface RemediationGroup {
  readonly kind: "base" | "layer";
  /** diffIDs, base first. */
  readonly layers: readonly Digest[];
  /** 1-based position of the first layer in the image. */
  readonly position: number;
  /** The user's layer: the history step that made it. Null for the base group. */
  readonly createdBy: string | null;
  /** The base image's name when its labels give one. */
  readonly baseImage: string | null;
  /** The package manager command that upgrades the group's OS packages; null when it has none. */
  readonly command: string | null;
  readonly packages: readonly PackageFix[];
}

export interface UnfixableFinding {
  readonly id: string;
  readonly package: { readonly name: string; readonly version: string; readonly type: PackageType };
  readonly status: FixStatus;
  readonly severity: Severity;
  readonly layer: Digest;
}

export interface Remediation {
  /** diffIDs of the layers that come from the base image, as the history tells them. */
  readonly baseLayers: readonly Digest[];
  readonly groups: readonly RemediationGroup[];
  readonly unfixable: readonly UnfixableFinding[];
}

const OS_TYPES: ReadonlySet<PackageType> = new Set(["deb", "apk", "rpm"]);

/**
 * Where the base image ends, as Trivy guesses it: past the last step's own empty entries (CMD,
 * USER, …), the nearest earlier empty `CMD`/`ENTRYPOINT` is the base image's last step, since a
 * Dockerfile's FROM image ends with one and the user's steps follow. Returns how many layers (not
 * history entries) precede it; 0 when the history shows no such boundary.
 */
export function baseLayerCount(build: BuildInfo | undefined): number {
  const history = build?.history ?? [];
  let end = -1;
  let seenLayer = false;
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (!h.emptyLayer) {
      seenLayer = true;
      continue;
    }
    if (seenLayer && /^(?:\/bin\/sh -c #\(nop\)\s+)?(?:CMD|ENTRYPOINT)\b/.test(h.createdBy ?? "")) {
      end = i;
      break;
    }
  }
  return history.slice(0, end + 1).filter((h) => !h.emptyLayer).length;
}

/** Segment-wise comparison (numbers as numbers), the fallback when no scheme is supplied. */
export const naturalVersionOrder: VersionOrder = (_type, a, b) => {
  const pa = a.split(/[^0-9A-Za-z]+|(?<=\d)(?=\D)|(?<=\D)(?=\d)/);
  const pb = b.split(/[^0-9A-Za-z]+|(?<=\d)(?=\D)|(?<=\D)(?=\d)/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    const c = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : compareText(x, y);
    if (c !== 0) return c;
  }
  return 0;
};

function packageIndex(report: VulnerabilityReport): Map<string, Package> {
  const index = new Map<string, Package>();
  for (const p of report.packages) index.set(findingPackageKey(p, p.layer), p);
  return index;
}

function findingPackageKey(p: Pick<Package, "type" | "name" | "version" | "purl">, layer: Digest): string {
  return [p.type, p.name, p.version, p.purl, layer].join("\u0000");
}

function upgradeCommand(osTypes: ReadonlySet<PackageType>, names: readonly string[], distribution: string | null): string | null {
  if (names.length === 0) return null;
  const list = names.join(" ");
  if (osTypes.has("deb")) return `apt-get update && apt-get install -y --only-upgrade ${list}`;
  if (osTypes.has("apk")) return `apk upgrade --no-cache ${list}`;
  if (osTypes.has("rpm")) return distribution !== null && /suse|sles/.test(distribution) ? `zypper update -y ${list}` : `dnf upgrade -y ${list}`;
  return null;
}

function fixesOf(findings: readonly Finding[], packages: Map<string, Package>, order: VersionOrder): PackageFix[] {
  const byPackage = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = findingPackageKey(f.package, f.layer);
    byPackage.set(key, [...(byPackage.get(key) ?? []), f]);
  }
  const fixes: PackageFix[] = [];
  for (const [key, list] of byPackage) {
    const first = list[0]!;
    const fixed = list.map((f) => f.fixedVersion!).reduce((a, b) => (order(first.package.type, a, b) >= 0 ? a : b));
    const manifest = OS_TYPES.has(first.package.type) ? null : (packages.get(key)?.foundIn ?? null);
    fixes.push({
      name: first.package.name,
      type: first.package.type,
      version: first.package.version,
      fixedVersion: fixed,
      findings: list.length,
      ids: [...new Set(list.map((f) => f.id))].sort(compareText),
      highestSeverity: list.map((f) => f.severity).reduce((a, b) => (severityRank(a) >= severityRank(b) ? a : b)),
      manifest,
    });
  }
  return fixes.sort(
    (a, b) =>
      severityRank(b.highestSeverity) - severityRank(a.highestSeverity) ||
      b.findings - a.findings ||
      compareText(a.name, b.name) ||
      compareText(a.version, b.version) ||
      compareText(a.manifest ?? "", b.manifest ?? ""),
  );
}

export function isFixable(f: Finding): boolean {
  return f.status === "fixed" && f.fixedVersion !== null;
}

/**
 * The fixable findings grouped by the layer that introduced their package: the base image's
 * layers as one group ("upgrade the base image, or these packages"), then each of the user's
 * layers with the step that made it; findings without a fix are listed apart with their state.
 */
export function buildRemediation(report: VulnerabilityReport, order: VersionOrder = naturalVersionOrder): Remediation {
  const diffIds = report.layers.map((l) => l.diffId);
  const baseLayers = diffIds.slice(0, baseLayerCount(report.build));
  const packages = packageIndex(report);
  const fixable = report.vulnerabilities.filter(isFixable);
  const groups: RemediationGroup[] = [];
  const group = (kind: RemediationGroup["kind"], layers: readonly Digest[]): void => {
    const inGroup = new Set(layers);
    const findings = fixable.filter((f) => inGroup.has(f.layer));
    if (findings.length === 0) return;
    const fixes = fixesOf(findings, packages, order);
    const os = fixes.filter((p) => OS_TYPES.has(p.type));
    const first = report.layers.findIndex((l) => l.diffId === layers[0]);
    groups.push({
      kind,
      layers,
      position: first + 1,
      createdBy: kind === "layer" ? (report.layers[first]?.createdBy ?? null) : null,
      baseImage: kind === "base" ? (report.build?.baseName ?? null) : null,
      command: upgradeCommand(new Set(os.map((p) => p.type)), [...new Set(os.map((p) => p.name))].sort(compareText), report.distribution?.id ?? null),
      packages: fixes,
    });
  };
  if (baseLayers.length > 0) group("base", baseLayers);
  // A layer listed twice (the same diffID reused) is grouped once, where it first appears.
  for (const d of [...new Set(diffIds.slice(baseLayers.length))]) if (!baseLayers.includes(d)) group("layer", [d]);
  const unfixable = report.vulnerabilities
    .filter((f) => !isFixable(f))
    .sort(compareFindings)
    .map((f): UnfixableFinding => ({
      id: f.id,
      package: { name: f.package.name, version: f.package.version, type: f.package.type },
      status: f.status,
      severity: f.severity,
      layer: f.layer,
    }));
  return { baseLayers, groups, unfixable };
}
