import { createHash, randomUUID } from "node:crypto";
import { digestHex } from "../core/digest.js";
import { formatPlatform } from "../core/image.js";
import type { Package } from "../core/package.js";
import type { IndexReport } from "../core/report.js";
import { comparePackages } from "./order.js";
import { CLARO_TOOL, SBOM_PROPS, isSpdxExpression, packageProperties, type SbomRenderOptions } from "./sbom-common.js";

/** Where `documentNamespace` URIs live; unique per document through the uuid suffix. */
export const SPDX_NAMESPACE_BASE = "https://claro.invalid/spdx/image";

interface SpdxAnnotation {
  readonly annotationDate: string;
  readonly annotationType: "OTHER";
  readonly annotator: string;
  readonly comment: string;
}

interface SpdxPackage {
  readonly SPDXID: string;
  readonly name: string;
  readonly versionInfo?: string;
  readonly downloadLocation: "NOASSERTION";
  readonly filesAnalyzed: false;
  readonly primaryPackagePurpose?: "CONTAINER" | "OPERATING_SYSTEM" | "LIBRARY";
  readonly checksums?: readonly { algorithm: "SHA256"; checksumValue: string }[];
  readonly licenseConcluded: string;
  readonly licenseDeclared: string;
  readonly copyrightText: "NOASSERTION";
  readonly sourceInfo?: string;
  readonly description?: string;
  readonly comment?: string;
  readonly externalRefs?: readonly { referenceCategory: "PACKAGE-MANAGER"; referenceType: "purl"; referenceLocator: string }[];
  readonly annotations?: readonly SpdxAnnotation[];
}

const TOOL = `Tool: ${CLARO_TOOL.name}-${CLARO_TOOL.version}`;

/**
 * `claro sbom --format spdx-json`: SPDX 2.3 JSON. The image is the described package and CONTAINS
 * the OS and every package; claro's layer/type/source facts ride in `claro:key=value` annotations.
 */
export function renderSpdx(index: IndexReport, options: SbomRenderOptions = {}): string {
  const created = (options.now ?? (() => new Date()))()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const note = (comment: string): SpdxAnnotation => ({ annotationDate: created, annotationType: "OTHER", annotator: TOOL, comment });
  const imageId = "SPDXRef-Image";
  const image: SpdxPackage = {
    SPDXID: imageId,
    name: index.source.ref,
    ...(index.source.digest !== null
      ? { versionInfo: index.source.digest, checksums: [{ algorithm: "SHA256" as const, checksumValue: digestHex(index.source.digest) }] }
      : {}),
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    primaryPackagePurpose: "CONTAINER",
    licenseConcluded: "NOASSERTION",
    licenseDeclared: "NOASSERTION",
    copyrightText: "NOASSERTION",
    annotations: [
      note(`${SBOM_PROPS.platform}=${formatPlatform(index.source.platform)}`),
      ...(index.source.repository !== null ? [note(`${SBOM_PROPS.repository}=${index.source.repository}`)] : []),
      ...index.layers.flatMap((l, i) => {
        const n = String(i).padStart(3, "0");
        return [note(`${SBOM_PROPS.imageLayer}:${n}:diffID=${l.diffId}`), note(`${SBOM_PROPS.imageLayer}:${n}:digest=${l.digest}`)];
      }),
    ],
  };
  const packages: SpdxPackage[] = [image];
  const relationships = [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: imageId }];

  const d = index.distribution;
  if (d !== null) {
    const osId = `SPDXRef-OperatingSystem-${idString(d.id)}`;
    packages.push({
      SPDXID: osId,
      name: d.id,
      versionInfo: d.versionId,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      primaryPackagePurpose: "OPERATING_SYSTEM",
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      ...(d.prettyName !== null ? { description: d.prettyName } : {}),
      ...(d.codename !== null ? { annotations: [note(`${SBOM_PROPS.codename}=${d.codename}`)] } : {}),
    });
    relationships.push({ spdxElementId: imageId, relationshipType: "CONTAINS", relatedSpdxElement: osId });
  }

  const used = new Set<string>();
  for (const p of [...index.packages].sort(comparePackages)) {
    const id = uniqueId(p, used);
    packages.push({
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      primaryPackagePurpose: "LIBRARY",
      licenseConcluded: "NOASSERTION",
      licenseDeclared: declaredLicense(p.licenses ?? []),
      copyrightText: "NOASSERTION",
      ...(p.foundIn !== "" ? { sourceInfo: `acquired package info from ${p.foundIn}` } : {}),
      externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl }],
      annotations: packageProperties(p).map(([k, v]) => note(`${k}=${v}`)),
    });
    relationships.push({ spdxElementId: imageId, relationshipType: "CONTAINS", relatedSpdxElement: id });
  }

  const doc = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: index.source.ref,
    documentNamespace: `${SPDX_NAMESPACE_BASE}/${encodeURIComponent(idString(index.source.ref))}-${(options.uuid ?? randomUUID)()}`,
    creationInfo: { created, creators: [TOOL] },
    packages,
    relationships,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The licences as one SPDX expression when every part is one; otherwise NOASSERTION. */
function declaredLicense(licenses: readonly string[]): string {
  const parts = [...new Set(licenses.map((l) => l.trim()).filter((l) => l !== ""))];
  if (parts.length === 0 || !parts.every(isSpdxExpression)) return "NOASSERTION";
  return parts.length === 1 ? (parts[0] ?? "NOASSERTION") : parts.map((l) => (/\s/.test(l) ? `(${l})` : l)).join(" AND ");
}

/** SPDX ids allow only `[A-Za-z0-9.-]` after `SPDXRef-`. */
function idString(value: string): string {
  return value.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}

/** Readable (type-name-version) and unique: a short purl hash tells same-named packages apart. */
function uniqueId(p: Package, used: Set<string>): string {
  const hash = createHash("sha256").update(p.purl).digest("hex").slice(0, 12);
  let id = `SPDXRef-Package-${idString(p.type)}-${idString(p.name)}-${hash}`;
  for (let n = 2; used.has(id); n++) id = `SPDXRef-Package-${idString(p.type)}-${idString(p.name)}-${hash}-${n}`;
  used.add(id);
  return id;
}
