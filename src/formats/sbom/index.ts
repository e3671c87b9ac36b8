import { createHash } from "node:crypto";
import type { Digest } from "../../core/digest.js";
import { isDigest } from "../../core/digest.js";
import type { Distribution } from "../../core/distribution.js";
import type { Platform } from "../../core/image.js";
import type { Package } from "../../core/package.js";
import { FatalError, type Problem } from "../../core/problem.js";
import type { IndexReport } from "../../core/report.js";
import { isCycloneDxJson, readCycloneDx } from "./cyclonedx.js";
import type { SbomDocument } from "./model.js";
import { osDistribution } from "./os-names.js";
import { packageFromComponent } from "./purl-package.js";
import { isSpdxJson, isSpdxTagValue, readSpdxJson, readSpdxTagValue } from "./spdx.js";

export type { SbomComponent, SbomDocument } from "./model.js";
export { distroOf, packageFromComponent } from "./purl-package.js";
export { readCycloneDx } from "./cyclonedx.js";
export { readSpdxJson, readSpdxTagValue } from "./spdx.js";

/** Detects the format (CycloneDX JSON, SPDX JSON, SPDX tag-value) and reads the document. */
export function readSbom(text: string, path: string): SbomDocument {
  const trimmed = text.trimStart();
  let result: SbomDocument | { error: string };
  if (trimmed.startsWith("{")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new FatalError(
        "UNSUPPORTED_MEDIA_TYPE",
        `sbom:${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
        "give a CycloneDX JSON, SPDX JSON or SPDX tag-value file",
      );
    }
    if (isCycloneDxJson(json)) result = readCycloneDx(json);
    else if (isSpdxJson(json)) result = readSpdxJson(json);
    else result = { error: "JSON that is neither CycloneDX (bomFormat) nor SPDX (spdxVersion)" };
  } else if (isSpdxTagValue(text)) {
    result = readSpdxTagValue(text);
  } else {
    result = { error: "not CycloneDX JSON, SPDX JSON or SPDX tag-value" };
  }
  if ("error" in result) {
    throw new FatalError(
      "UNSUPPORTED_MEDIA_TYPE",
      `sbom:${path}: ${result.error}`,
      "give a CycloneDX JSON, SPDX JSON or SPDX tag-value file (CycloneDX XML is not read)",
    );
  }
  return result;
}

/**
 * An SBOM as an index report, so `claro scan sbom:FILE` matches it like an image.
 *
 * Layers: packages whose SBOM names their layer (claro's `claro:layer:diffID`, Trivy's
 * `LayerDiffID`) keep it. Other producers rarely record one, and `Package.layer` must be a
 * digest, so those packages get a synthetic layer: the sha256 of the SBOM file itself, listed in
 * `layers` with `createdBy` `sbom:<path>` so a reader can tell it is not a real layer.
 */
export function indexFromSbom(text: string, path: string): IndexReport {
  const doc = readSbom(text, path);
  const fileDigest: Digest = `sha256:${createHash("sha256").update(text).digest("hex")}`;
  const foundIn = `sbom:${path}`;
  const problems: Problem[] = [];
  const packages: Package[] = [];
  let purlDistro: Distribution | null = null;
  for (const c of doc.components) {
    const r = packageFromComponent(c, fileDigest, foundIn);
    if ("kind" in r) {
      problems.push(r);
      continue;
    }
    packages.push(r.pkg);
    purlDistro ??= r.distro;
  }
  const props = doc.subject?.properties ?? new Map<string, string>();
  const layers = imageLayers(props);
  if (packages.some((p) => p.layer === fileDigest) && !layers.some((l) => l.diffId === fileDigest)) {
    layers.push({ digest: fileDigest, diffId: fileDigest, createdBy: foundIn });
  }
  const subjectVersion = doc.subject?.version ?? "";
  return {
    source: {
      ref: foundIn,
      digest: isDigest(subjectVersion) ? subjectVersion : null,
      platform: parsePlatform(props.get("claro:image:platform")),
      repository: props.get("claro:image:repository") ?? null,
    },
    distribution: distributionOf(doc, purlDistro),
    layers,
    packages,
    problems,
  };
}

/** The document's OS component wins; a purl's `distro=` fills in when there is none. */
function distributionOf(doc: SbomDocument, fromPurl: Distribution | null): Distribution | null {
  const os = doc.os;
  if (os === null || os.name === "" || os.version === null || os.version === "") return fromPurl;
  return {
    ...osDistribution(os.name, os.version),
    codename: os.properties.get("claro:distro:codename") ?? null,
    prettyName: os.description,
  };
}

function imageLayers(props: ReadonlyMap<string, string>): { digest: Digest; diffId: Digest; createdBy: string | null }[] {
  const out: { digest: Digest; diffId: Digest; createdBy: string | null }[] = [];
  for (let i = 0; ; i++) {
    const n = String(i).padStart(3, "0");
    const diffId = props.get(`claro:image:layer:${n}:diffID`);
    const digest = props.get(`claro:image:layer:${n}:digest`);
    if (diffId === undefined || !isDigest(diffId)) return out;
    out.push({ diffId, digest: digest !== undefined && isDigest(digest) ? digest : diffId, createdBy: null });
  }
}

function parsePlatform(value: string | undefined): Platform {
  const [os, architecture, variant] = (value ?? "").split("/");
  if (!os || !architecture) return { os: "unknown", architecture: "unknown" };
  return variant ? { os, architecture, variant } : { os, architecture };
}
