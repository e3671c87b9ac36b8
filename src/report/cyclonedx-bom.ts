import { randomUUID } from "node:crypto";
import { Enums, Models, Serialize, SPDX, Spec } from "@cyclonedx/cyclonedx-library";
import { formatPlatform } from "../core/image.js";
import type { Package } from "../core/package.js";
import type { IndexReport } from "../core/report.js";
import { comparePackages } from "./order.js";
import { CLARO_TOOL, SBOM_PROPS, isSpdxExpression, packageProperties, packageRefs, type SbomRenderOptions } from "./sbom-common.js";

/** The bom-ref of the image itself (metadata.component) and of its operating system. */
export const IMAGE_REF = "claro:image";
export const OS_REF = "claro:os";

/**
 * The CycloneDX model of an index: the image as metadata.component, the distribution as an
 * `operating-system` component, one `library` component per package. Returns the refs so the VDR
 * can point its `affects` at the same components.
 */
export function buildBom(index: IndexReport, options: SbomRenderOptions = {}): { bom: Models.Bom; refs: Map<Package, string> } {
  const bom = new Models.Bom();
  bom.serialNumber = `urn:uuid:${(options.uuid ?? randomUUID)()}`;
  bom.metadata.timestamp = (options.now ?? (() => new Date()))();
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, CLARO_TOOL.name, { version: CLARO_TOOL.version }));
  bom.metadata.component = imageComponent(index);

  const d = index.distribution;
  if (d !== null) {
    const os = new Models.Component(Enums.ComponentType.OperatingSystem, d.id, { bomRef: OS_REF, version: d.versionId });
    if (d.prettyName !== null) os.description = d.prettyName;
    if (d.codename !== null) os.properties.add(new Models.Property(SBOM_PROPS.codename, d.codename));
    bom.components.add(os);
  }

  const packages = [...index.packages].sort(comparePackages);
  const refs = packageRefs(packages);
  for (const p of packages) bom.components.add(packageComponent(p, refs.get(p) ?? p.purl));
  return { bom, refs };
}

/** `claro sbom --format cyclonedx-json`: CycloneDX 1.6 JSON. */
export function renderCycloneDx(index: IndexReport, options: SbomRenderOptions = {}): string {
  return serializeBom(buildBom(index, options).bom);
}

export function serializeBom(bom: Models.Bom): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

function imageComponent(index: IndexReport): Models.Component {
  const image = new Models.Component(Enums.ComponentType.Container, index.source.ref, { bomRef: IMAGE_REF });
  if (index.source.digest !== null) image.version = index.source.digest;
  image.properties.add(new Models.Property(SBOM_PROPS.platform, formatPlatform(index.source.platform)));
  if (index.source.repository !== null) image.properties.add(new Models.Property(SBOM_PROPS.repository, index.source.repository));
  index.layers.forEach((l, i) => {
    // Zero-padded so the library's property sorting keeps layer order.
    const n = String(i).padStart(3, "0");
    image.properties.add(new Models.Property(`${SBOM_PROPS.imageLayer}:${n}:diffID`, l.diffId));
    image.properties.add(new Models.Property(`${SBOM_PROPS.imageLayer}:${n}:digest`, l.digest));
  });
  return image;
}

function packageComponent(p: Package, ref: string): Models.Component {
  const c = new Models.Component(Enums.ComponentType.Library, p.name, { bomRef: ref, version: p.version, purl: p.purl });
  for (const [name, value] of packageProperties(p)) c.properties.add(new Models.Property(name, value));
  if (p.dev === true) c.scope = Enums.ComponentScope.Optional;
  addLicenses(c, p.licenses ?? []);
  return c;
}

/**
 * CycloneDX allows either a list of id/name licences or ONE expression, so a compound expression
 * is written as an expression only when it is the package's sole licence.
 */
function addLicenses(c: Models.Component, licenses: readonly string[]): void {
  const values = [...new Set(licenses.map((l) => l.trim()).filter((l) => l !== ""))];
  if (values.length === 1 && !SPDX.isSupportedSpdxId(values[0]) && isSpdxExpression(values[0] ?? "")) {
    c.licenses.add(new Models.LicenseExpression(values[0] ?? ""));
    return;
  }
  for (const v of values) {
    c.licenses.add(SPDX.isSupportedSpdxId(v) ? new Models.SpdxLicense(v) : new Models.NamedLicense(v));
  }
}
