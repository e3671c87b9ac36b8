// `npm run bench:server`: the mixed Clair v4 load (80 % vulnerability_report, 20 % index_report of
// known manifests) against one, then two real `claro serve` processes on one PostgreSQL schema.
// Knobs (env): BENCH_MANIFESTS (1000), BENCH_CONNECTIONS (50), BENCH_DURATION_S (20), BENCH_WARMUP_S (5),
// BENCH_SEED_WIDTH (4 concurrent seeding POSTs), BENCH_SEED_BUDGET_S (150: API seeding time before
// the rest is copied at store level), BENCH_LOG_LEVEL (info), BENCH_SERVER_DIST=1 (compiled dist/),
// BENCH_SERVER_NODE_ARGS (extra node flags for the servers, e.g. --cpu-prof).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { sharedPath } from "../../test/support/shared.js";
import { cliCommand, startInstance, stopInstance, type Instance } from "./instances.js";
import { percentile, runPhase, summarize, type PhaseResult, type Summary } from "./load.js";
import { benchManifests, realLayerSets, withToken } from "./manifests.js";
import { SERVER_POOL_SIZE } from "../../src/store/postgres/open.js";
import { pool, repoToken, seed } from "./seed.js";

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const MANIFESTS = env("BENCH_MANIFESTS", 1000);
const CONNECTIONS = env("BENCH_CONNECTIONS", 50);
const DURATION_S = env("BENCH_DURATION_S", 20);
const WARMUP_S = env("BENCH_WARMUP_S", 5);
const SEED_WIDTH = env("BENCH_SEED_WIDTH", 4);
const SEED_BUDGET_S = env("BENCH_SEED_BUDGET_S", 150);
const LOG_LEVEL = process.env["BENCH_LOG_LEVEL"] ?? "info";
const INDEX_SHARE = 0.2;
const P99_TARGET_MS = 50;

const t0 = performance.now();
const secs = (from: number): string => `${((performance.now() - from) / 1000).toFixed(1)} s`;
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const work = mkdtempSync(join(tmpdir(), "claro-bench-server-"));
const schema = uniqueSchema();
const db = withSchema(await pgTestUrl(), schema);
const instances: Instance[] = [];

/**
 * PostgreSQL sessions claro holds, sampled from pg_stat_activity every 250 ms (issue 10: one pool
 * per `claro serve`): the most seen at once while one instance ran, and while two did.
 */
const sessions = { phase: "none" as "none" | "one" | "two", one: 0, two: 0, byName: new Map<string, number>() };
const sampler = setInterval(() => {
  if (sessions.phase === "none") return;
  const phase = sessions.phase;
  void adminQuery<{ name: string; n: string }>(
    "SELECT application_name AS name, count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'claro%' GROUP BY 1",
  ).then(
    (rows) => {
      // claro-serve is the one pool of each instance; the seeding's store-level copy shows as claro-indexer.
      const total = rows.reduce((sum, r) => sum + (r.name === "claro-serve" ? Number(r.n) : 0), 0);
      sessions[phase] = Math.max(sessions[phase], total);
      if (phase === "one") for (const r of rows) sessions.byName.set(r.name, Math.max(sessions.byName.get(r.name) ?? 0, Number(r.n)));
    },
    () => undefined,
  );
}, 250);
sampler.unref();

async function main(): Promise<void> {
  const registry = await ensureRegistry({ auth: "token" }, 5000);
  console.log(
    `claro bench:server — ${cliCommand().label}, PostgreSQL schema ${schema}, registry ${registry} (token auth), ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`,
  );

  let t = performance.now();
  execFileSync(
    process.execPath,
    [
      ...cliCommand().argv,
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
  console.log(`feeds loaded (debian derived-bookworm, alpine secdb): ${secs(t)}`);

  const sets = await realLayerSets(registry);
  const jobs = benchManifests(sets, MANIFESTS);
  instances.push(await startInstance(db, join(work, "serve-1.log"), LOG_LEVEL));
  const [one] = instances as [Instance];
  sessions.phase = "one";

  t = performance.now();
  const s = await seed(one.base, registry, db, jobs, SEED_WIDTH, SEED_BUDGET_S * 1000);
  console.log(`\nseeding ${MANIFESTS} manifests from ${sets.length} distinct real layer lists (${SEED_WIDTH} POSTs at a time): ${secs(t)}`);
  console.log(`  cold  ${s.coldCount} manifests through the API (every layer fetched from the registry): ${(s.coldMs / 1000).toFixed(1)} s`);
  const warmAvg = s.warmCount ? ms(s.warmLatencies.reduce((a, b) => a + b, 0) / s.warmCount) : "-";
  console.log(`  warm  ${s.warmCount} manifests through the API (layers already seen): ${(s.warmMs / 1000).toFixed(1)} s, mean ${warmAvg} per POST`);
  if (s.copied > 0)
    console.log(
      `  copy  ${s.copied} manifests: API budget of ${SEED_BUDGET_S} s spent, their layer list's stored record copied under their hash (${(s.copyMs / 1000).toFixed(1)} s)`,
    );

  // Every manifest must be indexed, and reports must have findings, before anything is measured.
  const digests = jobs.map((j) => j.manifest.hash);
  t = performance.now();
  await pool(digests, SEED_WIDTH, async (d) => {
    const r = await fetch(`${one.base}/indexer/api/v1/index_report/${d}`);
    const state = r.ok ? ((await r.json()) as { state: string }).state : `HTTP ${r.status}`;
    if (state !== "IndexFinished") throw new Error(`manifest ${d} is ${state}`);
  });
  console.log(`  all ${digests.length} report IndexFinished through GET index_report (${secs(t)})`);
  console.log(
    "\nfindings per layer list (vulnerability_report of its first manifest; the fixtures have no Alpine 3.20 feed and the v3.9 secdb implies no finding for 3.9.6):",
  );
  for (const set of sets) {
    const j = jobs.find((x) => x.set === set)!;
    const r = await fetch(`${one.base}/matcher/api/v1/vulnerability_report/${j.manifest.hash}`);
    const doc = (await r.json()) as { packages?: object; vulnerabilities?: object };
    console.log(
      `  ${set.name.padEnd(48)} HTTP ${r.status}  ${Object.keys(doc.packages ?? {}).length} packages  ${Object.keys(doc.vulnerabilities ?? {}).length} vulnerabilities`,
    );
  }

  // One client, one request at a time: the service's own latency, without queueing behind 50 clients.
  const solo: number[] = [];
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    const r = await fetch(`${one.base}/matcher/api/v1/vulnerability_report/${digests[i % digests.length]!}`);
    await r.arrayBuffer();
    solo.push(performance.now() - started);
  }
  console.log(`\nsequential baseline, 100 vulnerability_report GETs one at a time: p50 ${ms(percentile(solo, 50))}, p99 ${ms(percentile(solo, 99))}`);

  // The POSTs carry a fresh bearer token per layer, as a Clair client's would, though known manifests need no fetch.
  const bodies = await Promise.all(jobs.map(async (j) => JSON.stringify(withToken(j.manifest, await repoToken(registry, j.set.repo)))));
  const spec = { connections: CONNECTIONS, durationS: DURATION_S, digests, bodies, indexShare: INDEX_SHARE };
  console.log(
    `\nload: ${CONNECTIONS} connections, ${DURATION_S} s after a ${WARMUP_S} s warm-up, ${100 - INDEX_SHARE * 100} % GET vulnerability_report / ${INDEX_SHARE * 100} % POST index_report of known manifests, uniform over the ${MANIFESTS}`,
  );
  await runPhase([one.base], { ...spec, durationS: WARMUP_S });
  const single = await runPhase([one.base], spec);
  report("one instance", single);

  sessions.phase = "none";
  instances.push(await startInstance(db, join(work, "serve-2.log"), LOG_LEVEL));
  sessions.phase = "two";
  const bases = instances.map((i) => i.base);
  const half = { ...spec, connections: CONNECTIONS / 2 };
  await runPhase(bases, { ...half, durationS: WARMUP_S });
  const double = await runPhase(bases, half);
  report(`two instances (${CONNECTIONS / 2} connections each, results summed)`, double);

  const a = summarize(single, ["vulnerability_report", "index_report"]);
  const b = summarize(double, ["vulnerability_report", "index_report"]);
  console.log(`\nratio two instances / one: ${(b.rps / a.rps).toFixed(2)}x requests/s`);
  console.log(
    `  (this machine has ${availableParallelism()} cores shared by both servers, PostgreSQL and the load generator, so the ratio is bounded by that, not by the service)`,
  );
  // Closed loop: each client waits for its answer, so mean latency = clients / throughput (Little's law).
  console.log(
    `  (${CONNECTIONS} closed-loop clients: mean latency = ${CONNECTIONS} / throughput, so a p99 under ${P99_TARGET_MS} ms needs well over ${Math.round((CONNECTIONS * 1000) / P99_TARGET_MS)} req/s)`,
  );
  sessions.phase = "none";
  const names = [...sessions.byName].map(([n, c]) => `${n} ${c}`).join(", ");
  console.log(
    `\nPostgreSQL sessions of claro (pg_stat_activity, most at once, sampled every 250 ms): one instance ${sessions.one} through seeding and load (each application_name's most: ${names}); two instances ${sessions.two} (pool size ${SERVER_POOL_SIZE} each)`,
  );
  for (const [name, r] of [
    ["one instance", single],
    ["two instances", double],
  ] as const) {
    const vr = summarize(r, ["vulnerability_report"]);
    const all = summarize(r, ["vulnerability_report", "index_report"]);
    const bad = all.non2xx + r.errors + r.timeouts;
    console.log(
      `target ${name}: vulnerability_report p99 ${ms(vr.p99)} ${vr.p99 < P99_TARGET_MS ? "<" : ">="} ${P99_TARGET_MS} ms ${vr.p99 < P99_TARGET_MS ? "MET" : "MISSED"}; errors+non-2xx ${bad} ${bad === 0 ? "MET" : "MISSED"}`,
    );
  }
}

function line(label: string, s: Summary): string {
  return `  ${label.padEnd(22)} ${s.requests.toString().padStart(7)} req  ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  non-2xx ${s.non2xx}  ~${(s.meanBytes / 1024).toFixed(0)} KiB/response`;
}

function report(name: string, r: PhaseResult): void {
  console.log(
    `\n${name}: ${r.durationS.toFixed(1)} s, connection errors ${r.errors}, timeouts ${r.timeouts}, machine load average ${r.loadAvg.toFixed(1)} at the end`,
  );
  console.log(line("overall", summarize(r, ["vulnerability_report", "index_report"])));
  console.log(line("vulnerability_report", summarize(r, ["vulnerability_report"])));
  console.log(line("index_report", summarize(r, ["index_report"])));
  for (const [kind, codes] of Object.entries(r.status)) console.log(`  ${kind} status codes: ${JSON.stringify(codes)}`);
}

try {
  await main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await Promise.all(instances.map(stopInstance));
  await dropSchema(schema).catch((e: unknown) => console.error(`could not drop schema ${schema}: ${String(e)}`));
  if (process.exitCode) console.error(`serve logs kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`\ntotal ${secs(t0)}; schema ${schema} dropped`);
}
