import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { tarMembers } from "./tar-members.js";

/**
 * The floor: node's streaming gunzip + a tar-stream walk of every layer of one image of an OCI
 * archive, touching each entry and buffering nothing. What any scanner must at least do.
 */
export async function floorWalk(archive: string, ref: string): Promise<{ layers: number; entries: number }> {
  const members = tarMembers(archive);
  const blob = (d: string) => members.get(`blobs/sha256/${d.replace("sha256:", "")}`)!;
  const readJson = (d: string): unknown => readMember(archive, blob(d));
  const index = readMember(archive, members.get("index.json")!) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const desc = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === ref)!;
  const manifest = readJson(desc.digest) as { layers: { digest: string }[] };
  let entries = 0;
  for (const layer of manifest.layers) {
    const m = blob(layer.digest);
    const extract = tar.extract();
    extract.on("entry", (_h, stream, next) => {
      entries++;
      stream.on("end", next);
      stream.resume();
    });
    await pipeline(
      createReadStream(archive, { start: m.offset, end: m.offset + m.size - 1, highWaterMark: 1 << 20 }),
      createGunzip({ chunkSize: 256 * 1024 }),
      extract,
    );
  }
  return { layers: manifest.layers.length, entries };
}

function readMember(archive: string, m: { offset: number; size: number }): unknown {
  const fd = openSync(archive, "r");
  const buf = Buffer.alloc(m.size);
  readSync(fd, buf, 0, m.size, m.offset);
  closeSync(fd);
  return JSON.parse(buf.toString("utf8"));
}
