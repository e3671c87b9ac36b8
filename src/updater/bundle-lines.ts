import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip, crc32 } from "node:zlib";
import { FatalError } from "../core/problem.js";
import { MAX_LINE_BYTES, bundleInvalid } from "./bundle-format.js";

const NEWLINE = 0x0a;

/**
 * The decompressed lines of a gzip file, as raw bytes without the `\n`, so hashes cover exactly
 * what is on disk (a text splitter would fold `\r\n` into `\n` and hide a changed byte). The
 * yielded buffer is only valid until the next one is asked for. Memory stays within one line.
 */
export async function* gunzipLines(file: string, onCompressedBytes?: (n: number) => void): AsyncGenerator<Buffer, void, undefined> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on("error", (e) => gunzip.destroy(e));
  if (onCompressedBytes) input.on("data", (c) => onCompressedBytes(c.length));
  input.pipe(gunzip);
  let crc = 0;
  let size = 0;
  let parts: Buffer[] = [];
  let partLength = 0;
  try {
    try {
      for await (const value of gunzip) {
        const chunk = value as Buffer;
        crc = crc32(chunk, crc);
        size = (size + chunk.length) % 2 ** 32;
        let start = 0;
        for (;;) {
          const nl = chunk.indexOf(NEWLINE, start);
          if (nl === -1) {
            if (start < chunk.length) {
              parts.push(chunk.subarray(start));
              partLength += chunk.length - start;
            }
            if (partLength > MAX_LINE_BYTES) throw bundleInvalid(file, `a line is longer than ${MAX_LINE_BYTES} bytes`);
            break;
          }
          const tail = chunk.subarray(start, nl);
          const line = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
          parts = [];
          partLength = 0;
          if (line.length > MAX_LINE_BYTES) throw bundleInvalid(file, `a line is longer than ${MAX_LINE_BYTES} bytes`);
          yield line;
          start = nl + 1;
        }
      }
    } catch (e) {
      throw describeReadError(e, file);
    }
    if (partLength > 0) throw bundleInvalid(file, "it ends in the middle of a line (truncated)");
    await checkGzipEnds(file, crc, size);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/**
 * gunzip silently skips zero bytes after the compressed stream, so the file must end exactly
 * with the gzip trailer (CRC-32 and length of the content) for every byte to be accounted for.
 * Checked after the content so a plain corruption is reported as such first.
 */
async function checkGzipEnds(file: string, crc: number, size: number): Promise<void> {
  const handle = await open(file, "r");
  try {
    const { size: fileSize } = await handle.stat();
    const head = Buffer.alloc(10);
    const tail = Buffer.alloc(8);
    if (fileSize < 18 || (await handle.read(head, 0, 10, 0)).bytesRead !== 10 || (await handle.read(tail, 0, 8, fileSize - 8)).bytesRead !== 8) {
      throw bundleInvalid(file, "it is too short to be gzip");
    }
    // gzip's own CRC covers the content only; the header bytes that could carry anything (flags,
    // name, comment, timestamp) must be what claro writes: all zero. Only the OS byte is free.
    if (head.readUInt32BE(0) !== 0x1f8b0800 || head.readUInt32LE(4) !== 0 || ![0, 2, 4].includes(head[8]!)) {
      throw bundleInvalid(file, "it does not start with the gzip header claro writes");
    }
    if (tail.readUInt32LE(0) !== crc || tail.readUInt32LE(4) !== size) throw bundleInvalid(file, "it has extra bytes after the end of the compressed data");
  } finally {
    await handle.close();
  }
}

function describeReadError(e: unknown, file: string): unknown {
  if (e instanceof FatalError) return e;
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  const message = e instanceof Error ? e.message : String(e);
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
    return new FatalError("CONFIG_INVALID", `cannot read bundle ${file}: ${message}`, "give the path of a file written by `claro db export`", { cause: e });
  }
  if (code === "Z_BUF_ERROR" || /unexpected end of file/i.test(message)) return bundleInvalid(file, "it is truncated (the compressed data ends early)");
  if (code.startsWith("Z_")) return bundleInvalid(file, `corrupt compressed data (${message})`);
  return new FatalError("BUNDLE_INVALID", `cannot read bundle ${file}: ${message}`, undefined, { cause: e });
}
