import { Readable } from "node:stream";
import tarStream from "tar-stream";
import { decompress } from "zstd-napi";
import { FatalError } from "../../core/problem.js";

/**
 * Many CSAF files travel to `parse` as one body: a magic line, then `path NUL text NUL` per file.
 * JSON text never holds a raw NUL (it must be escaped), so the framing cannot be confused with
 * content, and each file stays separately parseable: a truncated file costs only that file.
 */
const MAGIC = "claro-csaf-bundle/1\n";

export interface CsafFile {
  readonly path: string;
  readonly text: string;
}

export function bundleFiles(files: readonly CsafFile[]): Buffer {
  const parts: Buffer[] = [Buffer.from(MAGIC)];
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    parts.push(Buffer.from(`${f.path}\0${f.text}\0`, "utf8"));
  }
  return Buffer.concat(parts);
}

/** The files of a body: a bundle, or a single CSAF document as fetched from a file or URL. */
export function* unbundle(body: Buffer, name: string): Generator<CsafFile> {
  if (!body.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) {
    yield { path: name, text: body.toString("utf8") };
    return;
  }
  let pos = MAGIC.length;
  while (pos < body.length) {
    const a = body.indexOf(0, pos);
    const b = a < 0 ? -1 : body.indexOf(0, a + 1);
    if (a < 0 || b < 0) throw new FatalError("FEED_INVALID", "rhel: the CSAF bundle is truncated", "run the update again");
    yield { path: body.toString("utf8", pos, a), text: body.toString("utf8", a + 1, b) };
    pos = b + 1;
  }
}

/** The `.json` entries of Red Hat's `csaf_vex_<date>.tar.zst` archive. */
export async function filesOfTarZst(archive: Buffer, source: string): Promise<CsafFile[]> {
  let tar: Buffer;
  try {
    tar = decompress(archive);
  } catch (e) {
    throw new FatalError("FEED_INVALID", `rhel: ${source} is not a readable zstd archive`, "the download may be truncated; run the update again", { cause: e });
  }
  const files: CsafFile[] = [];
  const extract = tarStream.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => {
        if (Buffer.isBuffer(c) && header.type === "file" && header.name.endsWith(".json")) chunks.push(c);
      });
      stream.on("end", () => {
        if (chunks.length > 0) files.push({ path: header.name.replace(/^\.\//, ""), text: Buffer.concat(chunks).toString("utf8") });
        next();
      });
      stream.resume();
    });
    extract.on("finish", resolve);
    extract.on("error", (e) =>
      reject(new FatalError("FEED_INVALID", `rhel: ${source}: the tar inside is corrupt (${e.message})`, "run the update again", { cause: e })),
    );
  });
  Readable.from([tar]).pipe(extract);
  await done;
  return files;
}

/** `"2024/rhsa-2024_0010.json","2025-02-18T14:28:08+00:00"` lines → [path, timestamp]. */
export function parseIndexCsv(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^"?([^",]+)"?(?:,"?([^",]*)"?)?$/.exec(line.trim());
    if (m) out.push([m[1]!, m[2] ?? ""]);
  }
  return out;
}
