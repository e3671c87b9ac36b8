export { RPMTAG, RpmHeader, HeaderError, headerFiles } from "./header.js";
export { moduleStream, parseModularityLabel, type ModularityLabel } from "./modularity.js";
export { readRpmPackage, sourceNameFromSrpm, type HeaderRead, type RpmPackage } from "./package.js";
export { RPMDB_PATHS, detectRpmDb, parseRpmDb, type RpmDbKind, type RpmDbResult } from "./rpmdb.js";
export { compareEvr, formatEvr, isValidEvr, parseEvr, rpmVersion, rpmvercmp, type Evr } from "./version.js";
