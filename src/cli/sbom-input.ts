import { readFileSync, statSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { IndexReport } from "../core/report.js";
import { indexFromSbom } from "../formats/sbom/index.js";

const PREFIX = "sbom:";
const MAX_SBOM_BYTES = 512 * 1024 * 1024;

/** `sbom:FILE`: an SBOM stands in for the image; there are no layers to read. */
export function isSbomReference(reference: string): boolean {
  return reference.startsWith(PREFIX);
}

/** Reads a CycloneDX or SPDX file into the index report a scan of the image would give. */
export function sbomInventory(reference: string): IndexReport {
  const path = reference.slice(PREFIX.length);
  if (path === "") throw new FatalError("BAD_REFERENCE", "sbom: missing path", "write sbom:PATH");
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new FatalError("IMAGE_NOT_FOUND", `sbom: ${path}: no such file`, "check the path of the SBOM file");
  }
  if (size > MAX_SBOM_BYTES) throw new FatalError("FILE_TOO_LARGE", `sbom: ${path}: ${size} bytes exceeds the ${MAX_SBOM_BYTES}-byte limit`);
  return indexFromSbom(readFileSync(path, "utf8"), path);
}
