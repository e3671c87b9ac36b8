import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { compress } from "zstd-napi";
import { availableZstdBackend, decompressStream, detectCompression, overrideZstdNapiLoader } from "./compression.js";

const payload = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `line ${i} of a layer\n`).join(""));

async function inflate(data: Buffer, ...args: Parameters<typeof decompressStream>): Promise<Buffer> {
  const out = decompressStream(...args);
  // Small chunks exercise frame boundaries that fall between writes.
  const chunks = Array.from({ length: Math.ceil(data.length / 1000) }, (_, i) => data.subarray(i * 1000, (i + 1) * 1000));
  const [, collected] = await Promise.all([pipeline(Readable.from(chunks), out), buffer(out)]);
  return collected;
}

describe("compression", () => {
  after(() => overrideZstdNapiLoader(null));

  it("detects by magic bytes, and the magic wins over a wrong media type", () => {
    const gz = gzipSync(payload);
    const zs = compress(payload);
    assert.equal(detectCompression(gz, "application/vnd.oci.image.layer.v1.tar"), "gzip");
    assert.equal(detectCompression(zs, "application/vnd.oci.image.layer.v1.tar+gzip"), "zstd");
    assert.equal(detectCompression(payload, "application/vnd.oci.image.layer.v1.tar+gzip"), "none");
    assert.equal(detectCompression(Buffer.from([0x1f]), "application/vnd.oci.image.layer.v1.tar+zstd"), "zstd", "too short to tell: the label decides");
  });

  it("inflates gzip and passes plain data through", async () => {
    assert.deepEqual(await inflate(gzipSync(payload), "gzip"), payload);
    assert.deepEqual(await inflate(payload, "none"), payload);
  });

  it("inflates zstd with zstd-napi and with fzstd alike", async () => {
    const zs = compress(payload);
    assert.equal(availableZstdBackend(), "zstd-napi");
    assert.deepEqual(await inflate(zs, "zstd", { zstdBackend: "zstd-napi" }), payload);
    assert.deepEqual(await inflate(zs, "zstd", { zstdBackend: "fzstd" }), payload);
  });

  it("falls back to fzstd when the zstd-napi addon does not load", async () => {
    overrideZstdNapiLoader(() => {
      throw new Error("Cannot find module '../build/Release/binding.node'");
    });
    assert.equal(availableZstdBackend(), "fzstd");
    assert.deepEqual(await inflate(compress(payload), "zstd"), payload);
    overrideZstdNapiLoader(null);
    assert.equal(availableZstdBackend(), "zstd-napi");
  });

  it("a truncated zstd stream fails with both backends", async () => {
    const cut = compress(payload).subarray(0, 200);
    await assert.rejects(inflate(cut, "zstd", { zstdBackend: "zstd-napi" }));
    await assert.rejects(inflate(cut, "zstd", { zstdBackend: "fzstd" }));
  });
});
