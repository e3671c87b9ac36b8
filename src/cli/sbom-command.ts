import type { IndexReport } from "../core/report.js";
import { FatalError } from "../core/problem.js";
import type { ExitCode } from "./errors.js";
import { inventory, type InventoryFlags } from "./image-inventory.js";
import { writeReport } from "./output.js";
import type { OutputTarget } from "./output-targets.js";

export interface SbomFlags extends InventoryFlags {
  readonly format?: string;
  readonly output?: string;
  readonly extraOutputs?: readonly OutputTarget[];
  readonly primaryOutput?: boolean;
}

type Render = (index: IndexReport) => string;

/** Each format's renderer loads only when asked for: `--format json` needs no CycloneDX library. */
function loadRenderer(format: string): Promise<Render> {
  switch (format) {
    case "json":
      return import("../report/json-reporter.js").then((m) => m.renderInventory);
    case "cyclonedx-json":
      return import("../report/cyclonedx-bom.js").then((m) => m.renderCycloneDx);
    case "spdx-json":
      return import("../report/spdx-json.js").then((m) => m.renderSpdx);
    default:
      throw new FatalError("CONFIG_INVALID", `unknown sbom --format '${format}'`, "use json, cyclonedx-json or spdx-json");
  }
}

export async function sbomCommand(reference: string, s: SbomFlags): Promise<ExitCode> {
  const wanted = [...(s.primaryOutput !== false ? [{ format: s.format ?? "json", file: s.output }] : []), ...(s.extraOutputs ?? [])];
  // Every format is checked before the image is read, so a bad one costs no read and leaves no
  // files; the renderers load while the layers stream.
  const renders = Promise.all(wanted.map((t) => loadRenderer(t.format)));
  renders.catch(() => undefined);
  const index = await inventory(reference, s);
  const texts = (await renders).map((render) => render(index));
  for (const [i, text] of texts.entries()) writeReport(text, wanted[i]!.file);
  return 0;
}
