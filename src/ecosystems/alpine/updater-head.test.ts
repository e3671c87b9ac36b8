import assert from "node:assert/strict";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { fsFeedClient } from "../../formats/apk/testdata/fs-feed-client.js";
import { alpineUpdaters } from "./updater.js";

// Issue 13.3: naming the updater of a file the user handed over reads its head from disk, not its whole body through the client.
test("alpine: a file or dir source is identified from the file's first bytes, without fetching the body", async () => {
  const client = fsFeedClient();
  const file = await alpineUpdaters({ kind: "file", path: sharedPath("fixtures", "vulndata", "alpine", "secdb-json", "v3.10", "community.json") }, client);
  const dir = await alpineUpdaters({ kind: "dir", path: sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml", "v3.9") }, client);
  assert.deepEqual(
    [...file, ...dir].map((u) => u.id),
    ["alpine/v3.10/community", "alpine/v3.9/community", "alpine/v3.9/main"],
  );
  assert.deepEqual(client.gets, []);
});
