import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { LayeredFileTree } from "../contracts/file-tree.js";
import { createOciLayoutSource } from "../image/oci-layout.js";
import { makeTar, writeOciLayout } from "../image/testdata/synthetic.js";
import { openIndexStore } from "../store/open-index-store.js";
import { openLayerExtractStore } from "../store/open-layer-extract-store.js";
import { createLayerCacheTreeBuilder } from "./layer-cache.js";

const dir = mkdtempSync(join(tmpdir(), "claro-layer-cache-budget-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("layer cache under the budget for files held for parsing", () => {
  it("leaves out what does not fit, does not store a layer cut short, and charges stored layers too", async () => {
    const spec = `sqlite:${join(dir, "index.sqlite")}`;
    const indexStore = await openIndexStore(spec);
    const store = openLayerExtractStore(spec);
    try {
      const tar = await makeTar([
        { name: "app/small.json", content: "x".repeat(40) },
        { name: "app/big.json", content: "y".repeat(100) },
      ]);
      const layout = await writeOciLayout([{ tar }]);
      const source = createOciLayoutSource(layout, "test");
      const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
      const digest = image.layers[0]!.digest;
      const build = (maxBufferedBytes: number): Promise<LayeredFileTree> =>
        createLayerCacheTreeBuilder({ store, scanners: [{ id: "t", version: 1, wants: ["app/*.json"] }] })(source, image, {
          wants: ["app/*.json"],
          maxFileSize: 1 << 20,
          maxBufferedBytes,
        });

      const cut = await build(100);
      assert.equal(cut.read("app/small.json")?.length, 40);
      assert.equal(cut.read("app/big.json"), undefined);
      assert.deepEqual(cut.problems, [{ kind: "skipped", path: "app/big.json", size: 100, reason: "budget", limit: 100 }]);
      assert.equal((await store.get([digest])).size, 0, "an extract cut short by one scan's budget is not cached");

      const whole = await build(1000);
      assert.equal(whole.read("app/big.json")?.length, 100);
      assert.deepEqual(whole.problems, []);
      assert.equal((await store.get([digest])).size, 1);

      // From the store now: its contents are charged as they are taken.
      const again = await build(100);
      assert.equal(again.read("app/big.json"), undefined);
      assert.deepEqual(
        again.problems?.map((p) => p.kind),
        ["skipped"],
      );
      await source.close();
    } finally {
      await store.close();
      await indexStore.close();
    }
  });
});
