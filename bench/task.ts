// One measured task per process, so peak RSS (maxRSS) belongs to that task alone.
import { floorWalk } from "./floor.js";
import { snykInventory } from "./peer.js";

const [task, ...args] = process.argv.slice(2);
// Load claro's modules before the clock starts: start-up is not what we measure.
const { inventory: runInventory } = await import("../src/cli/image-inventory.js");
const { openStore } = await import("../src/store/index.js");
const { matchReport } = await import("../src/matcher/index.js");
const { registeredMatchers } = await import("../src/cli/pipeline.js");
const t0 = performance.now();
let detail: Record<string, unknown> = {};

async function inventory(ref: string): Promise<void> {
  const report = await runInventory(ref, { quiet: true });
  detail = { packages: report.packages.length };
}

async function scan(ref: string, db: string): Promise<void> {
  const store = await openStore(db);
  const report = await runInventory(ref, { quiet: true });
  const findings = await matchReport(report, registeredMatchers(), store);
  await store.close();
  detail = { packages: report.packages.length, vulnerabilities: findings.length };
}

/**
 * The ratio: floor and claro in the SAME process (same JIT warmth, same loaded modules),
 * alternating after one warm-up of each; medians of the rounds.
 */
async function pair(archive: string, ref: string, rounds: number): Promise<void> {
  const timed = async (fn: () => Promise<void>): Promise<number> => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const floorRun = async () => {
    await floorWalk(archive, ref);
  };
  const claroRun = async () => {
    await runInventory(`oci-archive:${archive}:${ref}`, { quiet: true });
  };
  await floorRun();
  await claroRun();
  const f: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < rounds; i++) {
    f.push(await timed(floorRun));
    c.push(await timed(claroRun));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  detail = { floorMs: med(f), claroMs: med(c), ratio: med(c) / med(f) };
}

switch (task) {
  case "pair":
    await pair(args[0]!, args[1]!, Number(args[2] ?? 5));
    break;
  case "floor":
    detail = await floorWalk(args[0]!, args[1]!);
    break;
  case "inventory":
    await inventory(args[0]!);
    break;
  case "scan":
    await scan(args[0]!, args[1]!);
    break;
  case "snyk":
    detail = await snykInventory(args[0]!, args[1]!);
    break;
  default:
    throw new Error(`unknown task ${task}`);
}
const wallMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ task, wallMs, maxRssMB: process.resourceUsage().maxRSS / 1024, ...detail })}\n`);
