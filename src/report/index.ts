export { renderInventory, renderJson } from "./json-reporter.js";
export { applyPolicy, parseSeverityList, parseSeverityOption, parseStatusList, type Policy, type PolicyResult, type Verdict } from "./policy.js";
export { policyFromKlarEnv, type KlarSettings } from "./klar-env.js";
export { isReportFormat, REPORT_FORMATS, reporters, type ReportFormat } from "./registry.js";
export { normaliseRepository, parseWhitelist, type Whitelist } from "./whitelist.js";
