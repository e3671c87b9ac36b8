// `npm run bench`: wall time and peak RSS of claro's inventory and scan against the floor (node's
// streaming gunzip + tar-stream walk of the same layers) and against snyk-docker-plugin, the peer
// that runs offline from npm. Each sample is its own process; runs are interleaved round-robin.
import { execFileSync, spawnSync } from "node:child_process";
import { compileBench } from "./compile.js";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { sharedPath } from "../test/support/shared.js";
import { runWholeProcesses, type WholeCase } from "./whole.js";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);
// `npm run bench -- --only whole`: just the whole-process rows (issue 10 §3), without the database.
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== undefined && only !== "whole") throw new Error(`--only: unknown part '${only}' (the one part is: whole)`);
// Measure the compiled code, as `npx claro` runs it: tsx's transpiler would add its own time and memory.
const root = join(import.meta.dirname, "..");
const compiled = compileBench(root);
const debian = sharedPath("images", "debian-bookworm.oci.tar");
const work = mkdtempSync(join(tmpdir(), "claro-bench-"));
const db = `sqlite:${join(work, "db.sqlite")}`;

interface Sample {
  wallMs: number;
  maxRssMB: number;
  [k: string]: unknown;
}

function task(args: string[]): Sample {
  const r = spawnSync(process.execPath, [join(compiled, "bench", "task.js"), ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench task ${args.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const peer = preparePeer();
if (only === undefined) inProcessRows(peer);

// Whole processes: claro as users start it (the bundle bin/claro.js runs), against a process that
// runs only the floor (or the peer), and against a bare `node -e 0` for start-up.
const entry = join(compiled, "bundle", "entry.mjs");
const floorProcess = join(compiled, "bench", "process.js");
const whole: WholeCase[] = [
  { name: "node -e 0", argv: ["-e", "0"] },
  { name: "claro --version", argv: [entry, "--version"], against: { name: "node -e 0", target: 2 } },
  { name: "claro --help", argv: [entry, "--help"], against: { name: "node -e 0", target: 2 } },
  { name: "floor process, bookworm-minbase", argv: [floorProcess, "floor", debian, "bookworm-minbase"] },
  {
    name: "claro sbom -f json oci-archive:…:bookworm-minbase",
    argv: [entry, "sbom", "-q", "--format", "json", `oci-archive:${debian}:bookworm-minbase`],
    against: { name: "floor process, bookworm-minbase", target: 1.3 },
  },
];
if (peer) {
  whole.push({ name: "snyk-docker-plugin process, bookworm-minbase", argv: [floorProcess, "snyk", peer.archive, peer.dir] });
  whole.push({
    name: "claro sbom -f json docker-archive:bookworm-minbase",
    argv: [entry, "sbom", "-q", "--format", "json", `docker-archive:${peer.archive}`],
    against: { name: "snyk-docker-plugin process, bookworm-minbase", target: 0.7 },
  });
}
runWholeProcesses(whole, RUNS, join(root, "bench", "rss-probe.mjs"), work);
console.log("peak RSS target for claro's rows: under 200 MB");
rmSync(work, { recursive: true, force: true });

/** The in-process rows: inventory and scan against the floor and the peer, and the same-process ratio. */
function inProcessRows(peer: { dir: string; archive: string } | null): void {
  // A warm database: the fixture feeds, loaded once.
  execFileSync(
    process.execPath,
    [
      join(compiled, "src", "cli", "entry.js"),
      "db",
      "update",
      "--quiet",
      "--db",
      db,
      "--source",
      `debian=${sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json")}`,
      "--source",
      `alpine=${sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml")}`,
    ],
    { stdio: "inherit" },
  );

  const cases: { name: string; args: string[]; floor?: string }[] = [
    { name: "floor: gunzip+tar walk, bookworm-minbase", args: ["floor", debian, "bookworm-minbase"] },
    {
      name: "claro inventory, bookworm-minbase",
      args: ["inventory", `oci-archive:${debian}:bookworm-minbase`],
      floor: "floor: gunzip+tar walk, bookworm-minbase",
    },
    { name: "floor: gunzip+tar walk, bookworm-multilayer", args: ["floor", debian, "bookworm-multilayer"] },
    {
      name: "claro inventory, bookworm-multilayer",
      args: ["inventory", `oci-archive:${debian}:bookworm-multilayer`],
      floor: "floor: gunzip+tar walk, bookworm-multilayer",
    },
    {
      name: "claro scan (warm db), bookworm-multilayer",
      args: ["scan", `oci-archive:${debian}:bookworm-multilayer`, db],
      floor: "floor: gunzip+tar walk, bookworm-multilayer",
    },
  ];

  if (peer) {
    cases.push({
      name: "snyk-docker-plugin inventory, bookworm-minbase",
      args: ["snyk", peer.archive, peer.dir],
      floor: "floor: gunzip+tar walk, bookworm-minbase",
    });
    cases.push({
      name: "claro inventory, bookworm-minbase (docker-archive)",
      args: ["inventory", `docker-archive:${peer.archive}`],
      floor: "floor: gunzip+tar walk, bookworm-minbase",
    });
  }

  const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < RUNS; i++) for (const c of cases) samples.get(c.name)!.push(task(c.args));

  const wall = new Map<string, number>();
  console.log(`\nclaro bench — ${RUNS} runs each, one process per sample (cold start), median wall (ms), peak RSS (MB); ratio = wall / floor wall\n`);
  for (const c of cases) {
    const s = samples.get(c.name)!;
    const w = median(s.map((x) => x.wallMs));
    wall.set(c.name, w);
    const rss = Math.max(...s.map((x) => x.maxRssMB));
    const ratio = c.floor ? `${(w / wall.get(c.floor)!).toFixed(2)}x floor` : "";
    const { wallMs: _w, maxRssMB: _r, task: _t, ...detail } = s[0]!;
    console.log(`${c.name.padEnd(52)} ${w.toFixed(0).padStart(6)} ms ${rss.toFixed(0).padStart(5)} MB  ${ratio.padEnd(12)} ${JSON.stringify(detail)}`);
  }
  if (!peer) console.log("\n(snyk-docker-plugin peer skipped: set BENCH_PEERS=1 and have skopeo installed to include it)");

  // The floor ratio is measured in one process: floor and claro alternate after a warm-up.
  console.log(`\nsame-process ratio (floor and claro inventory alternating in one process, ${RUNS} rounds, medians)\n`);
  for (const ref of ["bookworm-minbase", "bookworm-multilayer"]) {
    const s = task(["pair", debian, ref, String(RUNS)]) as Sample & { floorMs: number; claroMs: number; ratio: number };
    console.log(
      `${ref.padEnd(24)} floor ${s.floorMs.toFixed(0).padStart(5)} ms  claro ${s.claroMs.toFixed(0).padStart(5)} ms  ratio ${s.ratio.toFixed(2)}x  (process peak RSS ${s.maxRssMB.toFixed(0)} MB)`,
    );
  }
}

/** Installs snyk-docker-plugin into a cache dir (once) and converts the image to a docker-archive for it. */
function preparePeer(): { dir: string; archive: string } | null {
  if (process.env["BENCH_PEERS"] === "0") return null;
  const dir = join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "claro-bench", "peers");
  const archive = join(dir, "bookworm-minbase.docker.tar");
  try {
    if (!existsSync(join(dir, "node_modules", "snyk-docker-plugin"))) {
      mkdirSync(dir, { recursive: true });
      // The registry here has no shescape >= 2.1.14; snyk-docker-plugin works with 2.1.12.
      writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, overrides: { shescape: "2.1.12" } }));
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "snyk-docker-plugin@9.20.2"], { cwd: dir, stdio: "ignore" });
    }
    if (!existsSync(archive)) {
      execFileSync("skopeo", ["copy", "--quiet", `oci-archive:${debian}:bookworm-minbase`, `docker-archive:${archive}:test/bookworm-minbase:latest`], {
        stdio: "ignore",
      });
    }
    return { dir, archive };
  } catch (e) {
    console.log(`peer setup failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    return null;
  }
}
