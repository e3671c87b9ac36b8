import type { Reporter } from "../contracts/reporter.js";
import { renderCycloneDxVdr } from "./cyclonedx-vdr.js";

/** `claro scan --format cyclonedx-json`: the findings as a CycloneDX 1.6 VDR. */
export const cyclonedxReporter: Reporter = {
  format: "cyclonedx-json",
  render: (report) => renderCycloneDxVdr(report),
};
