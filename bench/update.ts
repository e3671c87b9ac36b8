// `npm run bench:update` (issue 13): each generated real-size feed loaded by `claro db update
// --source NAME=FILE` as its own process, into SQLite and into a fresh PostgreSQL schema, next to
// the format's floor (bench/feeds/floor.ts: read, parse, bulk-insert the same rows, nothing else).
// Prints wall time, CPU time and peak RSS of both, and the ratio claro/floor against the targets.
//
//   npm run bench:update [-- --only debian,epss] [--backends sqlite,postgres] [--runs N]
// Feeds come from bench/feeds/out/manifest.json; missing ones are generated first (seed 1).
import { spawnSync } from "node:child_process";
import { compileBench } from "./compile.js";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../test/support/postgres.js";
import { DEFAULT_OUT, FORMATS, generateFeeds, readManifest, type FeedEntry } from "./feeds/generate.js";

const { values } = parseArgs({ options: { only: { type: "string" }, backends: { type: "string" }, runs: { type: "string" } } });
const runs = Number(values.runs ?? process.env["BENCH_RUNS"] ?? 1);
const backends = (values.backends ?? "sqlite,postgres").split(",") as ("sqlite" | "postgres")[];
const root = join(import.meta.dirname, "..");
const probe = pathToFileURL(join(root, "bench", "feeds", "usage-probe.mjs")).href;
const TARGET = { sqlite: 2.5, postgres: 4 } as const;
const RSS_TARGET_MB = 300;

// Measure compiled code, as `npx claro` runs it: tsx would add its own time and memory to both sides.
const compiled = compileBench(root);
const entry = join(compiled, "src", "cli", "entry.js");
const floor = join(compiled, "bench", "feeds", "floor.js");

let feeds = readManifest(DEFAULT_OUT);
const only = values.only?.split(",");
// `--only csaf` generates just that format when missing; a row name (npm, rhel) may need any of them.
const named = (f: string): boolean => !only || only.includes(f) || only.some((o) => !(FORMATS as readonly string[]).includes(o));
const missing = FORMATS.filter((f) => named(f) && !feeds.some((e) => e.format === f && existsSync(e.source)));
if (missing.length > 0) {
  console.log(`generating ${missing.join(", ")} into ${DEFAULT_OUT} …`);
  feeds = await generateFeeds(DEFAULT_OUT, missing, 1, (s) => console.log(`  ${s}`));
}
feeds = feeds.filter((f) => !only || only.includes(f.name) || only.includes(f.format));

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMB: number;
  readonly ok: boolean;
  readonly note: string;
}

function measure(argv: readonly string[], work: string): Sample {
  const out = join(work, "usage.json");
  const t = performance.now();
  const r = spawnSync(process.execPath, ["--import", probe, ...argv], {
    encoding: "utf8",
    env: { ...process.env, BENCH_USAGE_OUT: out },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 << 20,
  });
  const wallMs = performance.now() - t;
  const usage = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as { maxRssKB: number; cpuMs: number }) : { maxRssKB: NaN, cpuMs: NaN };
  rmSync(out, { force: true });
  const text = `${r.stdout}\n${r.stderr}`;
  const note =
    r.status === 0
      ? (/(\d+) records/.exec(text)?.[0] ?? /"rows":(\d+)/.exec(text)?.[1]?.concat(" rows") ?? "")
      : `exit ${r.status ?? r.signal}: ${text.trim().split("\n").filter(Boolean).slice(-1)[0]?.slice(0, 120) ?? ""}`;
  return { wallMs, cpuMs: usage.cpuMs, rssMB: usage.maxRssKB / 1024, ok: r.status === 0, note };
}

async function database(backend: "sqlite" | "postgres", work: string, tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (backend === "sqlite") {
    const path = join(work, `${tag}.sqlite`);
    return { url: `sqlite:${path}`, drop: async () => ["", "-wal", "-shm"].forEach((s) => rmSync(`${path}${s}`, { force: true })) };
  }
  const schema = uniqueSchema();
  return { url: withSchema(await pgTestUrl(), schema), drop: () => dropSchema(schema) };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const work = mkdtempSync(join(tmpdir(), "claro-bench-update-"));
const lines: string[] = [];
const head = `${"feed".padEnd(10)} ${"records".padStart(8)} ${"MB".padStart(6)} ${"db".padEnd(8)} ${"floor wall".padStart(10)} ${"cpu".padStart(6)} ${"RSS".padStart(5)} | ${"claro wall".padStart(10)} ${"cpu".padStart(6)} ${"RSS".padStart(5)} | ratio (target)    RSS<${RSS_TARGET_MB}`;
console.log(`\nbench:update — ${runs} run(s) each, median wall (s), CPU (s), peak RSS (MB); ratio = claro wall / floor wall\n\n${head}`);
try {
  for (const feed of feeds) {
    for (const backend of backends) {
      const floorSamples: Sample[] = [];
      const claroSamples: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        // Floor and claro alternate, each into a fresh database, so load on the machine hits both.
        const f = await database(backend, work, "floor");
        floorSamples.push(measure([floor, feed.format, feed.source, f.url], work));
        await f.drop();
        const c = await database(backend, work, "claro");
        claroSamples.push(measure([entry, "db", "update", "--db", c.url, "--source", `${feed.name}=${feed.source}`], work));
        await c.drop();
      }
      lines.push(row(feed, backend, floorSamples, claroSamples));
      console.log(lines.at(-1));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\ntargets: claro wall <= ${TARGET.sqlite}x floor on SQLite, <= ${TARGET.postgres}x on PostgreSQL; peak RSS < ${RSS_TARGET_MB} MB; Debian 75 MB < 8 s on SQLite`,
);

function row(feed: FeedEntry, backend: "sqlite" | "postgres", floorS: readonly Sample[], claroS: readonly Sample[]): string {
  const fw = median(floorS.map((s) => s.wallMs));
  const cw = median(claroS.map((s) => s.wallMs));
  const frss = Math.max(...floorS.map((s) => s.rssMB));
  const crss = Math.max(...claroS.map((s) => s.rssMB));
  const failed = claroS.find((s) => !s.ok) ?? floorS.find((s) => !s.ok);
  const ratio = cw / fw;
  const verdict = failed
    ? `FAILED ${failed.note}`
    : `${ratio.toFixed(2)}x (<= ${TARGET[backend]}x) ${ratio <= TARGET[backend] ? "ok" : "OVER"}   ${crss < RSS_TARGET_MB ? "ok" : "OVER"}`;
  const s = (ms: number): string => (ms / 1000).toFixed(1);
  return `${feed.name.padEnd(10)} ${String(feed.records).padStart(8)} ${(feed.bytes / 1e6).toFixed(0).padStart(6)} ${backend.padEnd(8)} ${s(fw).padStart(10)} ${s(median(floorS.map((x) => x.cpuMs))).padStart(6)} ${frss.toFixed(0).padStart(5)} | ${s(cw).padStart(10)} ${s(median(claroS.map((x) => x.cpuMs))).padStart(6)} ${crss.toFixed(0).padStart(5)} | ${verdict}`;
}
