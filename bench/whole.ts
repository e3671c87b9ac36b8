// Whole processes, the way users run claro (`npx claro …` is `node bin/claro.js …`): start-up,
// module loading and exit included. Issue 10 §3's targets are ratios of these rows.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface WholeCase {
  readonly name: string;
  readonly argv: readonly string[];
  /** The baseline row's name and the largest ratio the issue accepts. */
  readonly against?: { readonly name: string; readonly target: number };
}

interface WholeSample {
  readonly wallMs: number;
  readonly rssMB: number;
}

function sample(argv: readonly string[], probe: string, work: string): WholeSample {
  const out = join(work, "rss");
  const t = performance.now();
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(probe).href, ...argv], {
    encoding: "utf8",
    env: { ...process.env, BENCH_RSS_OUT: out },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`whole-process sample ${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  const rssMB = Number(readFileSync(out, "utf8")) / 1024;
  rmSync(out);
  return { wallMs, rssMB };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs every case `runs` times, round-robin (so machine noise spreads evenly), and prints the table. */
export function runWholeProcesses(cases: readonly WholeCase[], runs: number, probe: string, work: string): void {
  const samples = new Map<string, WholeSample[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < runs + 1; i++) {
    for (const c of cases) {
      const s = sample(c.argv, probe, work);
      // The first round warms the page cache and is dropped.
      if (i > 0) samples.get(c.name)!.push(s);
    }
  }
  const wall = new Map(cases.map((c) => [c.name, median(samples.get(c.name)!.map((s) => s.wallMs))]));
  console.log(`\nwhole processes (as \`npx claro\` runs them), ${runs} runs each round-robin, median wall (ms), peak RSS (MB)\n`);
  for (const c of cases) {
    const s = samples.get(c.name)!;
    const w = wall.get(c.name)!;
    const rss = Math.max(...s.map((x) => x.rssMB));
    let ratio = "";
    if (c.against) {
      const r = w / wall.get(c.against.name)!;
      ratio = `${r.toFixed(2)}x ${c.against.name.split(",")[0]} (target <= ${c.against.target}x) ${r <= c.against.target ? "ok" : "OVER"}`;
    }
    console.log(`${c.name.padEnd(58)} ${w.toFixed(0).padStart(6)} ms ${rss.toFixed(0).padStart(5)} MB  ${ratio}`);
  }
}
