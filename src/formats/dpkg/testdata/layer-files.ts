// Test helper (testdata/ is outside the lint walk): reads chosen files of one gzip layer of an
// OCI archive into memory with tar-stream, the way the image reader buffers wanted paths.
import { execFileSync } from "node:child_process";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import type { MemoryNode } from "../../../../test/support/memory-tree.js";

export async function layerFiles(archive: string, layerDigest: string, want: (path: string) => boolean): Promise<Record<string, MemoryNode>> {
  const blob = execFileSync("tar", ["-xOf", archive, `blobs/sha256/${layerDigest.replace(/^sha256:/, "")}`], { maxBuffer: 512 * 1024 * 1024 });
  const nodes: Record<string, MemoryNode> = {};
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const path = header.name.replace(/^\.\//, "").replace(/\/$/, "");
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => {
      if (want(path) && Buffer.isBuffer(c)) chunks.push(c);
    });
    stream.on("end", () => {
      if (want(path)) {
        if (header.type === "symlink" && header.linkname) nodes[path] = { symlink: header.linkname };
        else if (header.type === "file") nodes[path] = Buffer.concat(chunks);
      }
      next();
    });
    stream.resume();
  });
  await pipeline(Readable.from(blob), createGunzip(), extract);
  return nodes;
}
