import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { compress } from "zstd-napi";
import { availableZstdBackend, decompressStream, detectCompression, overrideZstdNapiLoader, type ZstdBackend } from "./compression.js";
import { MAX_ZSTD_WINDOW } from "./zstd-stream.js";

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

  it("CLARO_ZSTD_BACKEND=fzstd forces the fallback in a whole process (how test/hostile runs the CLI on it)", () => {
    process.env["CLARO_ZSTD_BACKEND"] = "fzstd";
    try {
      assert.equal(availableZstdBackend(), "fzstd");
    } finally {
      delete process.env["CLARO_ZSTD_BACKEND"];
    }
    assert.equal(availableZstdBackend(), "zstd-napi");
  });

  it("a truncated zstd stream fails with both backends", async () => {
    const cut = compress(payload).subarray(0, 200);
    await assert.rejects(inflate(cut, "zstd", { zstdBackend: "zstd-napi" }));
    await assert.rejects(inflate(cut, "zstd", { zstdBackend: "fzstd" }));
  });

  const BACKENDS: readonly ZstdBackend[] = ["zstd-napi", "fzstd"];

  it("a small zstd blob that inflates hugely is held back until read, with both backends (issue 9 §3)", async () => {
    const bomb = compress(Buffer.alloc(64 << 20));
    assert.ok(bomb.length < 8 << 10);
    for (const zstdBackend of BACKENDS) {
      const out = decompressStream("zstd", { zstdBackend });
      out.write(bomb);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      // Nobody reads: only about one high-water mark may be queued, not the 64 MiB.
      assert.ok(out.readableLength <= 2 << 20, `${zstdBackend}: ${out.readableLength} bytes queued`);
      let total = 0;
      out.on("data", (c: Buffer) => (total += c.length));
      out.end();
      await new Promise((resolve, reject) => out.on("end", resolve).on("error", reject));
      assert.equal(total, 64 << 20, zstdBackend);
    }
  });

  it("a slow reader and odd write sizes still get every byte, across frames and skippable frames", async () => {
    const mixed = Buffer.concat([payload, Buffer.alloc(3 << 20, 7), payload.subarray(0, 99_999)]);
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5]);
    const stream = Buffer.concat([compress(mixed), skippable, compress(payload)]);
    const want = Buffer.concat([mixed, payload]);
    for (const zstdBackend of BACKENDS) {
      const out = decompressStream("zstd", { zstdBackend });
      const sizes = [1, 7, 4096, 3, 65_536, 17];
      const chunks: Buffer[] = [];
      for (let at = 0, i = 0; at < stream.length; i++) {
        const n = sizes[i % sizes.length]!;
        chunks.push(stream.subarray(at, at + n));
        at += n;
      }
      const got: Buffer[] = [];
      const reader = (async () => {
        for await (const c of out) {
          got.push(c as Buffer);
          if (got.length % 8 === 0) await new Promise((r) => setImmediate(r));
        }
      })();
      await Promise.all([pipeline(Readable.from(chunks), out), reader]);
      assert.ok(Buffer.concat(got).equals(want), zstdBackend);
    }
  });

  it("a frame asking for a window over the limit is refused by both backends", async () => {
    // Magic, descriptor without single segment, window descriptor 2^31, then one empty last raw block.
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (31 - 10) << 3, 0x01, 0x00, 0x00]);
    assert.ok(2 ** 31 > MAX_ZSTD_WINDOW);
    await assert.rejects(inflate(frame, "zstd", { zstdBackend: "zstd-napi" }));
    await assert.rejects(inflate(frame, "zstd", { zstdBackend: "fzstd" }), /window/);
  });
});
