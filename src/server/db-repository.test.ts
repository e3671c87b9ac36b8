import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { registeredMatchers, registeredScanners } from "../app/engines.js";
import { openAdvisoryStore } from "../app/stores.js";
import { claro } from "../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { sharedPath } from "../../test/support/shared.js";
import { openIndexStore } from "../store/open-index-store.js";
import type { ServerDeps } from "./index-service.js";
import type { Notifier } from "./notifier/notifier.js";
import { openNotifier } from "./notifier/open-notifier.js";

const FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");

describe("claro serve --db-repository: each update cycle pulls the artifact instead of running updaters", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-serve-db-repository-"));
  const schema = uniqueSchema();
  const repo = `claro-test/serve-db-${process.pid}-${Date.now().toString(36)}`;
  const source = `sqlite:${join(dir, "source.sqlite")}`;
  let host = "";
  let url = "";
  let deps: ServerDeps | undefined;
  const notifiers: Notifier[] = [];

  before(async () => {
    host = await ensureRegistry({ auth: "token" }, 5000);
    url = withSchema(await pgTestUrl(), schema);
    const update = await claro(["db", "update", "--db", source, "-q", "--source", `debian=${FEED}`]);
    assert.equal(update.code, 0, update.stderr);
    const push = await claro(["db", "push", `${host}/${repo}:latest`, "--db", source, "-q"]);
    assert.equal(push.code, 0, push.stderr);
    deps = {
      indexStore: await openIndexStore(url),
      advisoryStore: await openAdvisoryStore(url),
      scanners: registeredScanners(),
      matchers: registeredMatchers(),
    };
  });
  after(async () => {
    for (const n of notifiers) await n.store.close();
    await Promise.all([deps?.indexStore.close(), deps?.advisoryStore.close()]);
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  async function notifier(reference: string): Promise<Notifier> {
    // No sources: were the updaters to run, every ecosystem would be fetched from upstream and fail here.
    const n = await openNotifier(deps!, { db: url, updatePeriod: 0, dbRepository: reference });
    notifiers.push(n);
    return n;
  }

  it("pulls into the server's PostgreSQL store, then finds the same digest unchanged; no updater runs", { timeout: 300_000 }, async () => {
    const expected = await openAdvisoryStore(source);
    const want = { count: await expected.countAdvisories(), updaters: (await expected.status()).map((u) => [u.updater, u.fingerprint, u.recordCount]) };
    await expected.close();

    const n = await notifier(`${host}/${repo}:latest`);
    const first = await n.runUpdateCycle();
    assert.deepEqual(
      first?.results.map((r) => [r.updater, r.status, r.recordCount, r.error]),
      [["db-repository", "changed", want.count, null]],
    );
    assert.equal(await deps!.advisoryStore.countAdvisories(), want.count);
    // Only the bundle's updater is in the store: no updater ran (a run, even a failed one, is recorded).
    assert.deepEqual(
      (await deps!.advisoryStore.status()).map((u) => [u.updater, u.fingerprint, u.recordCount]),
      want.updaters,
    );

    const second = await n.runUpdateCycle();
    assert.deepEqual(
      second?.results.map((r) => [r.updater, r.status, r.recordCount]),
      [["db-repository", "unchanged", 0]],
    );
  });

  it("a pull that fails is a failed run; the data already there stays", { timeout: 120_000 }, async () => {
    const before = await deps!.advisoryStore.countAdvisories();
    assert.ok(before > 0);
    const n = await notifier(`${host}/${repo}-missing:latest`);
    const r = await n.runUpdateCycle();
    assert.equal(r?.results.length, 1);
    assert.equal(r?.results[0]?.status, "failed");
    assert.match(r?.results[0]?.error ?? "", /not found \(HTTP 404/);
    assert.equal(await deps!.advisoryStore.countAdvisories(), before);
  });

  it("serve refuses --db-repository together with --source (exit 2, one line naming both)", { timeout: 120_000 }, async () => {
    const r = await claro(["serve", "--db", source, "--db-repository", `${host}/${repo}:latest`, "--source", `debian=${FEED}`, "--listen", "127.0.0.1:0"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^claro: error \[CONFIG_INVALID\]: --db-repository and --source both say where the data comes from$/m);
  });
});
