// The library surface of claro (package.json "exports"): the domain types, the plug-in contracts,
// and the engines a program needs to index, match, report and check. Everything else is internal.
export type * from "./core/index.js";
export type * from "./contracts/index.js";
export { FatalError, isFatalError } from "./core/problem.js";
export { buildLayeredTree, createDirSource, createDockerArchiveSource, createOciArchiveSource, createOciLayoutSource } from "./image/index.js";
export { createRegistrySource, parseReference, type RegistryOptions } from "./image/registry/index.js";
export { ecosystems, type EcosystemName } from "./ecosystems/index.js";
export { indexImage, type IndexOptions } from "./indexer/index.js";
export { matchReport } from "./matcher/index.js";
export { createFeedClient, runUpdates, type UpdatePlan } from "./updater/index.js";
export { openStore } from "./store/index.js";
export { applyPolicy, renderCycloneDx, renderInventory, renderSpdx, reporters, type Policy, type ReportFormat } from "./report/index.js";
export { checkGroups, runChecks } from "./checks/index.js";
