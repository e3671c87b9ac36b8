// `node --import tsx bench/feeds/generate.ts [--out DIR] [--seed N] [FORMAT...]`: writes the
// real-size synthetic feeds (issue 13) and a manifest.json that `npm run bench:update` reads.
// Formats: debian, epss, osv, nvd, ubuntu, alpine, csaf, oval (all by default). Same seed, same bytes.
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeDebianFeed } from "./debian.js";
import { writeEpssFeed } from "./epss.js";
import { writeNvdFeed } from "./nvd.js";
import { writeAlpineFeed } from "./alpine.js";
import { writeOsvFeeds } from "./osv.js";
import { writeUbuntuFeed } from "./ubuntu.js";
import { writeCsafFeed } from "./csaf.js";
import { writeOvalFeed } from "./oval.js";

/** One row of `bench:update`: the claro updater name and what `--source NAME=` points at. */
export interface FeedEntry {
  readonly format: string;
  readonly name: string;
  readonly source: string;
  readonly records: number;
  readonly bytes: number;
}

export const DEFAULT_OUT = resolve(import.meta.dirname, "out");
export const FORMATS = ["debian", "epss", "osv", "nvd", "ubuntu", "alpine", "csaf", "oval"] as const;
type Format = (typeof FORMATS)[number];

async function generate(format: Format, out: string, seed: number): Promise<FeedEntry[]> {
  switch (format) {
    case "debian": {
      const source = join(out, "debian", "data.json");
      return [{ format, name: "debian", source, ...writeDebianFeed(source, { seed }) }];
    }
    case "epss": {
      const source = join(out, "epss", "epss_scores-current.csv.gz");
      return [{ format, name: "epss", source, ...writeEpssFeed(source, { seed }) }];
    }
    case "nvd": {
      const source = join(out, "nvd");
      const r = writeNvdFeed(source, { seed });
      return [{ format, name: "nvd", source, records: r.records, bytes: r.bytes }];
    }
    case "alpine": {
      const source = join(out, "alpine");
      return [{ format, name: "alpine", source, ...writeAlpineFeed(source, { seed }) }];
    }
    case "ubuntu": {
      const source = join(out, "ubuntu", "all.zip");
      return [{ format, name: "ubuntu", source, ...writeUbuntuFeed(source, { seed }) }];
    }
    case "csaf": {
      // Red Hat's name for the archive; the updater tells it by its zstd magic bytes.
      const source = join(out, "csaf", "csaf_vex_2026-12-01.tar.zst");
      const r = await writeCsafFeed(source, { seed });
      return [{ format, name: "rhel", source, records: r.records, bytes: r.bytes }];
    }
    case "oval": {
      // The upstream file name: claro's SUSE updater reads the product line from it.
      const source = join(out, "oval", "suse.linux.enterprise.15.xml");
      return [{ format, name: "suse", source, ...writeOvalFeed(source, { seed }) }];
    }
    case "osv": {
      const r = writeOsvFeeds(join(out, "osv"), { seed });
      return r.files.map((f) => ({ format, name: f.updater, source: f.path, records: f.records, bytes: statSync(f.path).size }));
    }
  }
}

export function readManifest(out: string): FeedEntry[] {
  const path = join(out, "manifest.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as FeedEntry[]) : [];
}

/** Generates `formats` into `out`, replacing their rows of the manifest. */
export async function generateFeeds(out: string, formats: readonly Format[], seed: number, log: (s: string) => void = () => undefined): Promise<FeedEntry[]> {
  mkdirSync(out, { recursive: true });
  const kept = readManifest(out).filter((e) => !formats.includes(e.format as Format));
  const made: FeedEntry[] = [];
  for (const f of formats) {
    const t = performance.now();
    const rows = await generate(f, out, seed);
    made.push(...rows);
    log(
      `${f}: ${rows.reduce((n, r) => n + r.records, 0)} records, ${(rows.reduce((n, r) => n + r.bytes, 0) / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  const all = [...kept, ...made].sort((a, b) => FORMATS.indexOf(a.format as Format) - FORMATS.indexOf(b.format as Format));
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(all, null, 2)}\n`);
  return all;
}

function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values, positionals } = parseArgs({ options: { out: { type: "string" }, seed: { type: "string" } }, allowPositionals: true });
  const unknown = positionals.filter((p) => !isFormat(p));
  if (unknown.length > 0) throw new Error(`unknown format(s) ${unknown.join(", ")}; known: ${FORMATS.join(", ")}`);
  const formats = positionals.length > 0 ? positionals.filter(isFormat) : [...FORMATS];
  await generateFeeds(resolve(values.out ?? DEFAULT_OUT), formats, Number(values.seed ?? 1), (s) => console.log(s));
}
