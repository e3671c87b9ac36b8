import type { FixStatus } from "../../core/advisory.js";
import type { Severity } from "../../core/severity.js";
import type { TrackerRelease } from "./feed-schema.js";

/**
 * Tracker release state → fix status. The tracker has three states (`resolved`, `open`,
 * `undetermined`) plus notes; we follow Trivy (pkg/vulnsrc/debian) and Grype/vunnel:
 *
 * - `resolved` + `fixed_version` "0": the release never shipped the bug → `not_affected`.
 * - `resolved` + a real `fixed_version` → `fixed`.
 * - `open` + `nodsa_reason: ignored` ("no-dsa, ignored": the team will not fix it) → `will_not_fix`.
 * - `open` + `nodsa_reason: postponed` (fix waits for a point release) → `fix_deferred`.
 * - `open` with a plain `nodsa` ("minor issue", no DSA planned but still unfixed) → `affected`.
 * - `open` with urgency `end-of-life` (the tracker's mark for an unsupported package/release) → `end_of_life`.
 * - `open` otherwise, and `undetermined` → `affected`.
 * - `not-affected` (not emitted by the JSON today, but a tracker state) → `not_affected`.
 *
 * Returns undefined for what cannot be mapped (unknown state, resolved without a version).
 */
export function fixStatusOf(r: TrackerRelease): { status: FixStatus; fixedVersion: string | null } | undefined {
  switch (r.status) {
    case "resolved": {
      const v = r.fixed_version?.trim();
      if (!v) return undefined;
      return v === "0" ? { status: "not_affected", fixedVersion: null } : { status: "fixed", fixedVersion: v };
    }
    case "open": {
      const reason = r.nodsa_reason?.trim().toLowerCase();
      if (reason === "ignored") return { status: "will_not_fix", fixedVersion: null };
      if (reason === "postponed") return { status: "fix_deferred", fixedVersion: null };
      if (r.urgency?.trim().toLowerCase() === "end-of-life") return { status: "end_of_life", fixedVersion: null };
      return { status: "affected", fixedVersion: null };
    }
    case "undetermined":
      return { status: "affected", fixedVersion: null };
    case "not-affected":
      return { status: "not_affected", fixedVersion: null };
    default:
      return undefined;
  }
}

/**
 * Urgency → severity. `**` marks an urgency the team derived from NVD rather than judged; the
 * level is the same. `critical` is not a tracker urgency but appears as a changelog upload
 * urgency in derived feeds. `not yet assigned`, `end-of-life` and anything else → unknown.
 */
export function severityOfUrgency(urgency: string | undefined): Severity {
  const u = (urgency ?? "").trim().toLowerCase().replace(/\*+$/, "");
  switch (u) {
    case "unimportant":
      return "negligible";
    case "low":
      return "low";
    case "medium":
      return "medium";
    case "high":
      return "high";
    case "critical":
    case "emergency":
      return "critical";
    default:
      return "unknown";
  }
}
