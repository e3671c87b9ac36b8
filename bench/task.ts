// One measured task per process, so peak RSS (maxRSS) belongs to that task alone.
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { tarMembers } from "./tar-members.js";

const [task, ...args] = process.argv.slice(2);
// Load claro's modules before the clock starts: start-up is not what we measure.
const { inventory: runInventory } = await import("../src/cli/scan-command.js");
const { openStore } = await import("../src/store/index.js");
const { matchReport } = await import("../src/matcher/index.js");
const { registeredMatchers } = await import("../src/cli/pipeline.js");
const t0 = performance.now();
let detail: Record<string, unknown> = {};

async function floor(archive: string, ref: string): Promise<void> {
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
    await pipeline(createReadStream(archive, { start: m.offset, end: m.offset + m.size - 1, highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 256 * 1024 }), extract);
  }
  detail = { layers: manifest.layers.length, entries };
}

function readMember(archive: string, m: { offset: number; size: number }): unknown {
  const fd = openSync(archive, "r");
  const buf = Buffer.alloc(m.size);
  readSync(fd, buf, 0, m.size, m.offset);
  closeSync(fd);
  return JSON.parse(buf.toString("utf8"));
}

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

async function snyk(archivePath: string, peerDir: string): Promise<void> {
  const mod = (await import(`${peerDir}/node_modules/snyk-docker-plugin/dist/index.js`)) as {
    scan: (o: Record<string, unknown>) => Promise<{ scanResults: { facts: { type: string; data: unknown }[] }[] }>;
  };
  const res = await mod.scan({ path: `docker-archive:${archivePath}` });
  // The depGraph fact is a DepGraph instance; its package list includes the image root itself.
  const deps = res.scanResults[0]?.facts.find((f) => f.type === "depGraph")?.data as { getPkgs?: () => unknown[] } | undefined;
  detail = { packages: (deps?.getPkgs?.().length ?? 1) - 1 };
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
  const floorRun = () => floor(archive, ref);
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
    await floor(args[0]!, args[1]!);
    break;
  case "inventory":
    await inventory(args[0]!);
    break;
  case "scan":
    await scan(args[0]!, args[1]!);
    break;
  case "snyk":
    await snyk(args[0]!, args[1]!);
    break;
  default:
    throw new Error(`unknown task ${task}`);
}
const wallMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ task, wallMs, maxRssMB: process.resourceUsage().maxRSS / 1024, ...detail })}\n`);
