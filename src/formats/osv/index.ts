/**
 * OSV (https://ossf.github.io/osv-schema/) for every ecosystem that publishes it: the record
 * schema, the record → Advisory mapping (with its conventions for `last_affected`, `versions[]`,
 * GIT ranges and GHSA severity, documented on `osvToAdvisories`), the range check matchers use,
 * and the parsing of a mirror directory, an OSV.dev `all.zip` or one JSON file (the updater that
 * fetches them is feeds/osv/updater.ts).
 */
export { ghsaUpperBound, isAffectedByRange, type OsvInterval, type OsvMappingOptions, osvToAdvisories, rangeIntervals } from "./advisories.js";
export { bundleOsvFiles, type OsvFile, osvFilesOf, parseOsvBody, parseOsvFiles } from "./parse.js";
export { type OsvAffected, type OsvEvent, type OsvRange, type OsvRecord, osvRecordSchema, parseOsvRecord } from "./schema.js";
