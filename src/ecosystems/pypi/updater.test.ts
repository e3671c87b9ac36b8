import assert from "node:assert/strict";
import { test } from "node:test";
import type { FeedClient } from "../../contracts/updater.js";
import { PYPI_OSV_URL, pypiUpdaters } from "./updater.js";

// Offline: a client that records where it was asked to read (no network on the test machine).
function recordingClient(seen: string[]): FeedClient {
  return {
    get: async (location) => {
      seen.push(location);
      return { status: "unchanged" };
    },
    listDir: async () => [],
  };
}

test("upstream is OSV.dev's PyPI all.zip; a mirror base URL resolves to <base>/PyPI/all.zip", async () => {
  const seen: string[] = [];
  const client = recordingClient(seen);
  for (const source of [{ kind: "upstream" } as const, { kind: "url", url: "https://mirror.example/osv" } as const]) {
    const [updater] = await pypiUpdaters(source, client);
    assert.equal(updater?.id, "osv/pypi");
    await updater?.fetch(null, client);
  }
  assert.deepEqual(seen, [PYPI_OSV_URL, "https://mirror.example/osv/PyPI/all.zip"]);
  assert.equal(PYPI_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip");
});
