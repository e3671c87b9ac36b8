import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Advisory } from "../../core/advisory.js";
import type { AdvisoryStore } from "../../contracts/store.js";
import type { AdvisoryQuery } from "../../contracts/matcher.js";
import { ecosystems } from "../../ecosystems/index.js";
import { openStore } from "../../store/index.js";
import { createFeedClient } from "../feed-client.js";
import { runUpdates, type UpdateResult } from "../run-updates.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { sharedPath } from "../../../test/support/shared.js";

export const DEBIAN_FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");

/** A scratch directory and the stores opened in it, all removed by `cleanup`. */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), "claro-bundle-"));
  private readonly stores: AdvisoryStore[] = [];
  private readonly schemas: string[] = [];

  path(name: string): string {
    return join(this.dir, name);
  }

  async sqlite(name: string): Promise<AdvisoryStore> {
    const s = await openStore(`sqlite:${this.path(name)}`, {});
    this.stores.push(s);
    return s;
  }

  async postgres(): Promise<AdvisoryStore> {
    const schema = uniqueSchema();
    this.schemas.push(schema);
    const s = await openStore(withSchema(await pgTestUrl(), schema), {});
    this.stores.push(s);
    return s;
  }

  async cleanup(): Promise<void> {
    for (const s of this.stores) await s.close();
    for (const schema of this.schemas) await dropSchema(schema);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Fills a store the way `claro db update --source debian=FILE` does, through the real updater. */
export async function updateDebian(store: AdvisoryStore): Promise<UpdateResult[]> {
  return runUpdates([{ ecosystem: "debian", factory: ecosystems.debian.updaters, source: { kind: "file", path: DEBIAN_FEED } }], store, createFeedClient());
}

export async function exportAll(store: AdvisoryStore, updater: string): Promise<Advisory[]> {
  const out: Advisory[] = [];
  for await (const a of store.exportAdvisories(updater)) out.push(a);
  return out;
}

/** Everything a reader of the store can observe: status, every record, and the count. */
export async function observe(store: AdvisoryStore): Promise<unknown> {
  const status = await store.status();
  const records: Record<string, Advisory[]> = {};
  for (const s of status) records[s.updater] = await exportAll(store, s.updater);
  return { status, records, count: await store.countAdvisories() };
}

/** The distinct package queries of a store's data, for comparing `find` across stores. */
export async function queriesOf(store: AdvisoryStore): Promise<AdvisoryQuery[]> {
  const seen = new Map<string, AdvisoryQuery>();
  for (const s of await store.status()) {
    for (const a of await exportAll(store, s.updater)) {
      seen.set(`${a.namespace}\u0000${a.packageName}\u0000${a.packageKind}`, {
        namespace: a.namespace,
        packageName: a.packageName,
        packageKind: a.packageKind,
      });
    }
  }
  return [...seen.values()];
}

/** The decompressed lines of a bundle, and a way to write edited lines back as a valid gzip file. */
export function bundleLines(bytes: Buffer): string[] {
  const text = gunzipSync(bytes).toString("utf8");
  return text.slice(0, -1).split("\n");
}

export function packLines(lines: readonly string[]): Buffer {
  return gzipSync(Buffer.from(`${lines.join("\n")}\n`));
}
