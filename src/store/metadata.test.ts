import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { AdvisoryStore } from "../contracts/store.js";
import { openStore } from "./open-store.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";

const dir = mkdtempSync(join(tmpdir(), "claro-metadata-"));
const schema = uniqueSchema();
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

/** Both backends keep database-wide facts (the pulled artifact's digest) across reopening. */
async function roundTrip(open: () => Promise<AdvisoryStore>): Promise<void> {
  const first = await open();
  try {
    assert.equal(await first.metadata("db-artifact"), null);
    await first.setMetadata("db-artifact", "one");
    await first.setMetadata("db-artifact", "two");
    await first.setMetadata("other", "x");
  } finally {
    await first.close();
  }
  const again = await open();
  try {
    assert.equal(await again.metadata("db-artifact"), "two");
    assert.equal(await again.metadata("other"), "x");
    assert.equal(await again.metadata("missing"), null);
  } finally {
    await again.close();
  }
}

describe("store metadata", () => {
  it("SQLite: a value set survives reopening, the last write wins", async () => {
    await roundTrip(() => openStore(`sqlite:${join(dir, "db.sqlite")}`, {}));
  });

  it("PostgreSQL: a value set survives reopening, the last write wins", async () => {
    const url = withSchema(await pgTestUrl(), schema);
    await roundTrip(() => openStore(url, {}));
  });
});
