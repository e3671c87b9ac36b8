import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FeedClient } from "../../contracts/updater.js";
import { isFatalError } from "../../core/problem.js";
import type { AlasPages } from "./feed.js";
import type { AlasRssItem } from "./rss.js";

const PAGE_CONCURRENCY = 6;

/** Pages kept on disk and read one at a time as the advisories are made; `dispose` deletes what was downloaded. */
export interface AlasPageFiles extends AlasPages {
  readonly dispose: () => void;
}

/**
 * A local `<release>_html/` directory: each page is read when its item's turn comes, so the set
 * is never in memory. A page that cannot be read is reported as the feed client reports it.
 */
export function localPageFiles(dir: string): AlasPageFiles {
  const failed = new Map<string, string>();
  return {
    html(id) {
      const path = join(dir, id);
      try {
        return readFileSync(path, "utf8");
      } catch (e) {
        failed.set(id, `${path}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    },
    missing: (id) => failed.get(id),
    dispose: () => undefined,
  };
}

/**
 * Every item's page (its RSS link) fetched before the write, as `fetch` does, but each to a file:
 * streamed to one by `download` when the client has it, else written out as soon as `get` gives
 * it, so at most one page per concurrent request is in memory.
 */
export async function downloadedPageFiles(items: readonly AlasRssItem[], client: FeedClient): Promise<AlasPageFiles> {
  const dir = mkdtempSync(join(tmpdir(), "claro-alas-"));
  const paths = new Map<string, string>();
  const missing = new Map<string, string>();
  const disposers: (() => void)[] = [];
  const dispose = (): void => {
    for (const d of disposers.splice(0)) d();
    rmSync(dir, { recursive: true, force: true });
  };
  let next = 0;
  let written = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        if (client.download && /^https?:\/\//.test(item.link)) {
          const got = await client.download(item.link, null);
          if (got.status === "changed") {
            disposers.push(got.dispose);
            paths.set(item.id, got.path);
          }
        } else {
          const got = await client.get(item.link, null);
          if (got.status === "changed") {
            const path = join(dir, String(written++));
            writeFileSync(path, got.body);
            paths.set(item.id, path);
          }
        }
      } catch (e) {
        // One missing page costs that advisory only; a network failure for all of them still
        // shows up as every advisory missing, in the problems of the run.
        if (!isFatalError(e)) throw e;
        missing.set(item.id, e.message);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PAGE_CONCURRENCY, items.length) }, worker));
  } catch (e) {
    dispose();
    throw e;
  }
  return {
    html(id) {
      const path = paths.get(id);
      return path === undefined ? undefined : readFileSync(path, "utf8");
    },
    missing: (id) => missing.get(id),
    dispose,
  };
}
