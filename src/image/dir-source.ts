import { lstat, opendir, readFile, readlink } from "node:fs/promises";
import { join, resolve as resolvePath } from "node:path";
import type { Readable } from "node:stream";
import type { EntryType } from "../contracts/file-tree.js";
import type { ImageSource, ResolveOptions } from "../contracts/image-source.js";
import type { ContentProbe } from "../contracts/scanner.js";
import type { LayerInfo, ResolvedImage } from "../core/image.js";
import { FatalError } from "../core/problem.js";
import type { BufferBudget } from "./buffer-budget.js";
import { sha256Digest } from "./digests.js";
import type { LayerEntry } from "./layer-walk.js";
import { MEDIA_TYPES } from "./oci-manifest.js";
import type { WantMatcher } from "./paths.js";
import { matchingProbes, runProbes } from "./probes.js";

/** A `dir:` source: a root filesystem on disk, presented as one synthetic layer. */
export interface DirImageSource extends ImageSource {
  readonly transport: "dir";
  readonly rootDir: string;
}

export function isDirSource(s: ImageSource): s is DirImageSource {
  return s.transport === "dir" && "rootDir" in s && typeof s.rootDir === "string";
}

export function createDirSource(path: string): DirImageSource {
  const rootDir = resolvePath(path);
  return {
    transport: "dir",
    rootDir,
    async resolve(options: ResolveOptions): Promise<ResolvedImage> {
      let isDir = false;
      try {
        isDir = (await lstat(rootDir)).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) throw new FatalError("IMAGE_NOT_FOUND", `dir:${path}: not a directory`, "give the path of an unpacked root filesystem");
      const digest = sha256Digest(rootDir);
      return {
        ref: `dir:${path}`,
        digest: null,
        indexDigest: null,
        repository: null,
        platform: options.platform,
        config: null,
        layers: [{ digest, diffId: digest, mediaType: MEDIA_TYPES.claroRootfs, size: null, createdBy: null }],
      };
    },
    openLayer(): Promise<Readable> {
      return Promise.reject(new FatalError("UNSUPPORTED_MEDIA_TYPE", `dir:${path} has no layer blob; walk the directory instead`));
    },
    async close(): Promise<void> {},
  };
}

function kindOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  return st.isFile() ? "file" : st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "other";
}

/**
 * Walks a root filesystem with lstat (symlinks are recorded, never followed) and reads only wanted
 * regular files, under the same size cap and budget as tar layers.
 */
export async function walkDirectory(
  rootDir: string,
  options: { wants: WantMatcher; maxFileSize: number; signal?: AbortSignal; probes?: readonly ContentProbe[]; budget?: BufferBudget },
  onEntry: (e: LayerEntry) => void,
): Promise<void> {
  const budget = options.budget;
  const stack: string[] = [""];
  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const rel = stack.pop()!;
    let dir;
    try {
      dir = await opendir(join(rootDir, rel));
    } catch {
      continue; // Unreadable directories (permissions) are skipped, as a scanner of a live fs must.
    }
    for await (const d of dir) {
      const path = rel === "" ? d.name : `${rel}/${d.name}`;
      const abs = join(rootDir, path);
      let st;
      try {
        st = await lstat(abs);
      } catch {
        continue;
      }
      const kind = kindOf(st);
      let content: Buffer | null = null;
      let linkTarget: string | null = null;
      if (kind === "symlink") linkTarget = await readlink(abs).catch(() => null);
      if (kind === "dir") stack.push(path);
      if (kind === "file" && options.wants.matches(path)) {
        if (st.size > options.maxFileSize) {
          throw new FatalError("FILE_TOO_LARGE", `dir:${rootDir}: ${path} is ${st.size} bytes, over the ${options.maxFileSize}-byte limit for buffered files`);
        }
        if (budget === undefined || budget.tryReserve(path, st.size)) {
          content = await readFile(abs);
          if (content.length > options.maxFileSize) {
            throw new FatalError("FILE_TOO_LARGE", `dir:${rootDir}: ${path} grew past the ${options.maxFileSize}-byte limit while being read`);
          }
          // A file that changed while read is charged for what was read.
          if (budget !== undefined && content.length !== st.size) {
            budget.release(st.size);
            if (!budget.tryReserve(path, content.length)) content = null;
          }
        }
      }
      const mode = st.mode & 0o7777;
      const probes = kind === "file" ? matchingProbes(options.probes, { path, mode, size: st.size }) : [];
      let results: Record<string, unknown> | null = null;
      if (probes.length > 0) {
        // A file that changes while read is probed as read; the cap still holds.
        const charged = content === null && budget !== undefined;
        if (!charged || budget.tryReserve(path, st.size)) {
          const bytes = content ?? (await readFile(abs).catch(() => null));
          if (bytes !== null && probes.every((p) => bytes.length <= p.maxBytes)) results = runProbes(probes, bytes, path, budget?.available);
          if (charged) budget.release(st.size);
        }
      }
      onEntry({ kind, path, mode, uid: st.uid, gid: st.gid, size: st.size, linkTarget, content, ...(results ? { probes: results } : {}) });
    }
  }
}
