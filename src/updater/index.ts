export { createFeedClient, type FeedClientOptions } from "./feed-client.js";
export { runUpdates, type UpdatePlan, type UpdateResult } from "./run-updates.js";
