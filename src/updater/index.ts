export { createFeedClient, type FeedClientOptions } from "./feed-client.js";
export { runUpdates, type UpdatePlan, type UpdateResult } from "./run-updates.js";
export { writeBundle, type BundleWriteOptions, type BundleWriteResult } from "./bundle-writer.js";
export { importBundle, readBundleRecords, verifyBundle, type BundleImportResult, type BundleReadOptions, type BundleSummary } from "./bundle-reader.js";
export { canonicalRecord, type BundleHeader, type BundleUpdater } from "./bundle-format.js";
export { runEnrichmentUpdates, type EnrichmentPlan } from "./enrich-run.js";
export { createUpdateScheduler, DEFAULT_FEED_CONCURRENCY, type RunOptions, type UpdateObserver, type UpdateScheduler } from "./update-scheduler.js";
export { DEFAULT_MAX_SHRINK, SHRINK_HINT, checkMaxShrink, shrinkRefusal, type ShrinkPolicy } from "./shrink-guard.js";
