import assert from "node:assert/strict";
import type { FeedSource, UpdaterFactory } from "../../../contracts/updater.js";
import type { Advisory } from "../../../core/advisory.js";
import type { Problem } from "../../../core/problem.js";
import { localFeedClient } from "./file-client.js";

/** Runs an ecosystem's updater factory on a local source: fetch through the client, parse, drain. */
export async function loadFeed(factory: UpdaterFactory, source: FeedSource): Promise<{ ids: string[]; records: Advisory[]; problems: Problem[] }> {
  const ups = await factory(source, localFeedClient);
  const records: Advisory[] = [];
  const problems: Problem[] = [];
  for (const u of ups) {
    const got = await u.fetch(null, localFeedClient);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") continue;
    const out = u.parse(got.body);
    records.push(...out.advisories);
    problems.push(...out.problems);
  }
  return { ids: ups.map((u) => u.id), records, problems };
}
