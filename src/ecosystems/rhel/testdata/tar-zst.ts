import tarStream from "tar-stream";
import { compress } from "zstd-napi";

/** A `.tar.zst` of `files` as tar-stream and zstd write them (Red Hat's `csaf_vex_<date>.tar.zst` shape). */
export async function tarZst(files: readonly { readonly name: string; readonly data: Buffer }[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => {
    if (Buffer.isBuffer(c)) chunks.push(c);
  });
  const ended = new Promise<void>((resolve, reject) => {
    pack.on("end", () => resolve());
    pack.on("error", reject);
  });
  for (const f of files) pack.entry({ name: f.name }, f.data);
  pack.finalize();
  await ended;
  return compress(Buffer.concat(chunks));
}
