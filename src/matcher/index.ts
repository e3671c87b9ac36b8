export { matchReport } from "./match.js";
export { attachEnrichments } from "./enrich-findings.js";
