import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import type { ImageSource } from "../../contracts/image-source.js";
import type { Digest } from "../../core/digest.js";
import type { LayerInfo } from "../../core/image.js";
import { isFatalError } from "../../core/problem.js";
import { withLayerLimits } from "./layer-limits.js";

// The real registry always declares layer sizes (bad-requests.test.ts covers that path); a stream
// longer than declared, or one that stalls, is a fault only a fake source can show.
const D = `sha256:${"2".repeat(64)}` as Digest;
const layer = (size: number | null): LayerInfo => ({ digest: D, diffId: D, mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size, createdBy: null });
let opened = 0;
const source = (body: () => Readable): ImageSource => ({
  transport: "fake",
  resolve: () => Promise.reject(new Error("unused")),
  openLayer: async () => {
    opened += 1;
    return body();
  },
  close: async () => undefined,
});
const fatal =
  (code: string, pattern: RegExp) =>
  (e: unknown): boolean =>
    isFatalError(e) && e.code === code && pattern.test(e.message);

test("a layer declared too big is refused before it is opened", async () => {
  opened = 0;
  const limited = withLayerLimits(
    source(() => Readable.from(["x"])),
    { maxLayerBytes: 10, layerTimeoutMs: 1000 },
  );
  await assert.rejects(limited.openLayer(layer(11)), fatal("FILE_TOO_LARGE", /exceeds the 10-byte layer limit/));
  assert.equal(opened, 0);
});

test("bytes are counted: a stream longer than the limit fails, one within it passes unchanged", async () => {
  const chunks = ["abcd", "efgh", "ijkl"];
  const over = withLayerLimits(
    source(() => Readable.from(chunks)),
    { maxLayerBytes: 10, layerTimeoutMs: 1000 },
  );
  await assert.rejects(text(await over.openLayer(layer(null))), fatal("FILE_TOO_LARGE", /10-byte/));
  const within = withLayerLimits(
    source(() => Readable.from(chunks)),
    { maxLayerBytes: 12, layerTimeoutMs: 1000 },
  );
  assert.equal(await text(await within.openLayer(layer(12))), "abcdefghijkl");
});

test("a layer that stalls fails with TIMEOUT at the per-layer limit", async () => {
  const stalled = withLayerLimits(
    source(() => new Readable({ read: () => undefined })),
    { maxLayerBytes: 100, layerTimeoutMs: 50 },
  );
  // A real stalled download holds a socket open; the fake holds nothing, so this keeps the loop alive.
  const alive = setTimeout(() => undefined, 5000);
  const started = Date.now();
  try {
    await assert.rejects(text(await stalled.openLayer(layer(null))), fatal("TIMEOUT", /not fetched within 50 ms/));
    assert.ok(Date.now() - started < 2000);
  } finally {
    clearTimeout(alive);
  }
});
