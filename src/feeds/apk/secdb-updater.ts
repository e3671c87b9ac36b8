import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import type { FeedClient, Fingerprint, ParsedFetch, ParseOutput, Updater } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { parseSecdb, type SecdbPackage } from "../../formats/apk/secdb.js";
import { secdbAdvisories } from "../../formats/apk/secdb-advisories.js";
import { secdbJsonPackages } from "../../formats/apk/secdb-json-stream.js";
import { secdbYamlPackages, secdbYamlSplits } from "../../formats/apk/secdb-yaml-stream.js";
import { downloadParsed } from "../../formats/feed-download.js";
import { fileSlices, localFileFingerprint } from "../../formats/feed-file.js";

export interface SecdbFeed {
  /** Updater id, e.g. `alpine/v3.9/main`, `wolfi`. */
  readonly id: string;
  /** URL or local path of the secdb file. */
  readonly location: string;
  readonly namespace: string;
  readonly link: (id: string) => string;
}

/** An updater for one secdb file: a conditional fetch, then parse and convert. */
export function secdbUpdater(feed: SecdbFeed): Updater {
  const parse = (body: Buffer): ParseOutput => {
    const { document, problems } = parseSecdb(body, feed.id);
    const advisories = secdbAdvisories(document, { namespace: feed.namespace, updater: feed.id, link: feed.link });
    return { advisories, problems };
  };
  return {
    id: feed.id,
    fetch: (previous, client) => client.get(feed.location, previous),
    parse,
    fetchParsed: (previous, client) => fetchParsed(feed, previous, client, parse),
  };
}

/**
 * JSON (every current feed) is read from disk a slice at a time, one package materialised at a
 * time (issue 13.3); a download goes to a temporary file first. YAML (the old alpine-secdb
 * files) is cut into its `packages` items line by line and each parsed alone when the lines
 * allow it (`secdbYamlSplits`); else it is parsed whole, as there is no streaming YAML parser.
 */
async function fetchParsed(feed: SecdbFeed, previous: Fingerprint | null, client: FeedClient, parse: (body: Buffer) => ParseOutput): Promise<ParsedFetch> {
  const fromFile = (path: string): ParseOutput => {
    if (isJsonFile(path)) return parseSecdbJsonSlices(feed, () => fileSlices(path));
    return parseSecdbYamlSlices(feed, () => fileSlices(path)) ?? parse(readLocal(path));
  };
  if (!/^https?:\/\//.test(feed.location)) {
    const { fingerprint, unchanged } = await localFileFingerprint(feed.location, previous);
    return unchanged ? { status: "unchanged" } : { status: "changed", fingerprint, parsed: fromFile(feed.location) };
  }
  return downloadParsed(client, feed.location, previous, fromFile, parse);
}

/**
 * A YAML secdb body, `slices` read twice: once to check that its `packages` items can be parsed
 * one at a time (else the whole-body parse), then to parse them so. `parse`'s records and problems.
 */
export function parseSecdbYamlSlices(feed: SecdbFeed, slices: () => Iterable<Uint8Array>): ParseOutput | undefined {
  if (!secdbYamlSplits(slices())) return undefined;
  const problems: Problem[] = [];
  return { advisories: advisoriesOf(feed, (into) => secdbYamlPackages(slices(), feed.id, into), problems), problems };
}

/** A JSON secdb body given as slices (read twice), parsed as it is iterated: `parse`'s records and problems. */
export function parseSecdbJsonSlices(feed: SecdbFeed, slices: () => Iterable<Uint8Array>): ParseOutput {
  const problems: Problem[] = [];
  return { advisories: advisoriesOf(feed, (into) => secdbJsonPackages(slices(), feed.id, into), problems), problems };
}

/**
 * `secdbAdvisories` merges an id listed for one package name in several places (lowest version
 * wins), so a package's advisories can go out as soon as it is read only if its name comes once.
 * A first pass (its problems dropped: the second reports them) looks for a repeated name; when
 * there is none, as in every feed seen, each package's advisories are yielded as it goes by, else
 * the compact packages are kept to the end, so the records are exactly the whole-body ones.
 */
function* advisoriesOf(feed: SecdbFeed, read: (problems: Problem[]) => Iterable<SecdbPackage>, problems: Problem[]): Generator<Advisory> {
  const names = new Set<string>();
  let repeated = false;
  for (const pkg of read([])) {
    if (names.has(pkg.name)) {
      repeated = true;
      break;
    }
    names.add(pkg.name);
  }
  names.clear();
  const options = { namespace: feed.namespace, updater: feed.id, link: feed.link };
  const of = (packages: SecdbPackage[]): Advisory[] =>
    secdbAdvisories({ format: "json", distroversion: null, reponame: null, urlprefix: null, apkurl: null, packages }, options);
  if (repeated) yield* of([...read(problems)]);
  else for (const pkg of read(problems)) yield* of([pkg]);
}

/** Whether the file's first non-blank byte opens JSON: the test `parseSecdb` applies to a body. */
function isJsonFile(path: string): boolean {
  const fd = openLocal(path);
  try {
    const buf = Buffer.alloc(4096);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return false;
      const m = /\S/.exec(buf.subarray(0, n).toString("utf8"));
      if (m !== null) return m[0] === "{" || m[0] === "[";
    }
  } finally {
    closeSync(fd);
  }
}

function openLocal(path: string): number {
  try {
    return openSync(path, "r");
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `${path}: ${e instanceof Error ? e.message : String(e)}`, "check the --source path", { cause: e });
  }
}

function readLocal(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new FatalError("FEED_UNAVAILABLE", `${path}: ${e instanceof Error ? e.message : String(e)}`, "check the --source path", { cause: e });
  }
}

/**
 * Reads `distroversion` and `reponame` from the head of a secdb file without parsing it whole,
 * so a factory can name an updater for a file it was handed (`--source alpine=FILE`).
 */
export function peekSecdbHeader(head: string): { distroversion: string | null; reponame: string | null } {
  const field = (name: string): string | null => {
    const m = new RegExp(`^\\s*"?${name}"?\\s*:\\s*"?([A-Za-z0-9._-]+)"?`, "m").exec(head);
    return m === null ? null : m[1]!;
  };
  return { distroversion: field("distroversion"), reponame: field("reponame") };
}
