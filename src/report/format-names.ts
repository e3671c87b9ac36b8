/**
 * The names `--format` accepts, in a module that loads nothing: the CLI builds its flags from
 * this list before it knows which command runs, and must not load every reporter to do so.
 * registry.ts is typed against it, so a reporter without a name here (or the reverse) does not
 * compile.
 */
export const REPORT_FORMATS = ["cyclonedx-json", "html", "json", "sarif", "table"] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `claro sbom --format` (inventory documents) and `claro check --format`, for the same reason. */
export const SBOM_FORMATS = ["json", "cyclonedx-json", "spdx-json"] as const;
export const CHECK_FORMATS = ["table", "json", "sarif", "junit", "html"] as const;
