import { closeSync, openSync, readSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { FatalError } from "../../core/problem.js";
import type { FeedClient, FeedSource, Updater, UpdaterFactory } from "../../contracts/updater.js";
import { peekSecdbHeader, secdbUpdater } from "../../feeds/apk/secdb-updater.js";

export const ALPINE_SECDB_URL = "https://secdb.alpinelinux.org/";
export const ALPINE_REPOS = ["main", "community"] as const;

/** Branches published on secdb.alpinelinux.org. v3.2 predates the community repository. */
export const ALPINE_RELEASES: readonly string[] = [...Array.from({ length: 21 }, (_, i) => `v3.${i + 2}`), "edge"];

const HEAD_BYTES = 4096;
const RELEASE_RE = /^(v[0-9]+\.[0-9]+|edge)$/;
const FEED_FILE_RE = /^(main|community)\.(json|yaml)$/;

export const alpineLink = (id: string): string => `https://security.alpinelinux.org/vuln/${encodeURIComponent(id)}`;

/** `v3.9` → `alpine:3.9`; `edge` → `alpine:edge`. */
export function alpineFeedNamespace(release: string): string {
  return `alpine:${release.replace(/^v/, "")}`;
}

function alpineUpdater(release: string, repo: string, location: string): Updater {
  return secdbUpdater({ id: `alpine/${release}/${repo}`, location, namespace: alpineFeedNamespace(release), link: alpineLink });
}

function reposOf(release: string): readonly string[] {
  return release === "v3.2" ? ["main"] : ALPINE_REPOS;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/** Picks `<repo>.json` over `<repo>.yaml` among the names of one release directory. */
function feedFiles(names: readonly string[]): { repo: string; file: string }[] {
  const out = new Map<string, string>();
  for (const name of [...names].sort()) {
    const m = FEED_FILE_RE.exec(name);
    if (m === null) continue;
    if (!out.has(m[1]!) || m[2] === "json") out.set(m[1]!, name);
  }
  return [...out].map(([repo, file]) => ({ repo, file }));
}

/** The release and repo of a single secdb file, from its header, else from its path. */
async function identify(path: string, client: FeedClient): Promise<{ release: string; repo: string }> {
  const header = peekSecdbHeader(await headOf(path, client));
  const release = header.distroversion ?? basename(dirname(path));
  const repo = header.reponame ?? basename(path).replace(/\.(json|yaml)$/, "");
  if (!RELEASE_RE.test(release)) {
    throw new FatalError("CONFIG_INVALID", `${path}: cannot tell which Alpine release this secdb file is for`, "put it under a vX.Y directory");
  }
  return { release, repo };
}

/**
 * The first 4 KiB of a secdb file: read from disk rather than the whole body through the client
 * (issue 13.3); a path that is not a readable local file (a client over another tree) is asked
 * of the client, as before.
 */
async function headOf(path: string, client: FeedClient): Promise<string> {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(HEAD_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0)).toString("utf8");
  } catch {
    const outcome = await client.get(path, null);
    return outcome.status === "changed" ? outcome.body.subarray(0, HEAD_BYTES).toString("utf8") : "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function fromDir(dir: string, client: FeedClient): Promise<Updater[]> {
  const names = await client.listDir(dir);
  const direct = feedFiles(names);
  // `--source alpine=DIR/v3.9` points at one release directory itself.
  if (direct.length > 0) {
    const updaters: Updater[] = [];
    for (const { file } of direct) {
      const path = join(dir, file);
      const { release, repo } = await identify(path, client);
      updaters.push(alpineUpdater(release, repo, path));
    }
    return updaters;
  }
  const updaters: Updater[] = [];
  for (const release of names.filter((n) => RELEASE_RE.test(n)).sort()) {
    for (const { repo, file } of feedFiles(await client.listDir(join(dir, release)))) {
      updaters.push(alpineUpdater(release, repo, join(dir, release, file)));
    }
  }
  return updaters;
}

/**
 * One updater per release × repo (`alpine/v3.9/main`), each replaced atomically on its own.
 * `upstream` and `url` use the upstream layout (`<base>/v3.9/main.json`); `dir` discovers
 * `vX.Y/{main,community}.{json,yaml}` (or is one such release directory); `file` is one secdb
 * file, named by its own distroversion/reponame.
 */
export const alpineUpdaters: UpdaterFactory = async (source: FeedSource, client: FeedClient) => {
  switch (source.kind) {
    case "upstream":
    case "url": {
      const base = source.kind === "upstream" ? ALPINE_SECDB_URL : withSlash(source.url);
      return ALPINE_RELEASES.flatMap((release) =>
        reposOf(release).map((repo) => alpineUpdater(release, repo, new URL(`${release}/${repo}.json`, base).toString())),
      );
    }
    case "dir":
      return fromDir(source.path, client);
    case "file": {
      const { release, repo } = await identify(source.path, client);
      return [alpineUpdater(release, repo, source.path)];
    }
  }
};
