import { formatPurl } from "../../formats/purl.js";

/** PEP 503: runs of `-`, `_` and `.` become one `-`, lower-cased (`Foo.Bar_baz` → `foo-bar-baz`). */
export function normalizePypiName(name: string): string {
  return name
    .trim()
    .replace(/[-_.]+/g, "-")
    .toLowerCase();
}

/** `pkg:pypi/<normalised name>@<version>`, the form the purl spec and PyPI OSV records use. */
export function pypiPurl(name: string, version: string): string {
  return formatPurl({ type: "pypi", namespace: null, name: normalizePypiName(name), version, qualifiers: {} });
}

/** Vendored or tooling trees whose Python files are not installed distributions of the image. */
const SKIPPED_SEGMENTS = new Set(["node_modules", ".git", "__pycache__"]);

export function isSkippedPath(path: string): boolean {
  return path.split("/").some((s) => SKIPPED_SEGMENTS.has(s));
}
