// OVAL feeds: the spooled, disk-backed feed → Advisory pipeline, the updaters that fetch feeds
// and the rpm matcher over them. The pure OVAL readers stay in formats/oval.
export { archNamespace, earlierThanComment, parseOval, parseOvalChunks, type CheckLeaf, type OvalProfile } from "./advisories.js";
export { ovalUpdater, ovalUpdaters, type OvalFeedLayout } from "./updater.js";
export { ovalRpmMatcher, rpmRecordAffects } from "./matcher.js";
