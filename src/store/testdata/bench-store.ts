// Store throughput, printed rather than asserted (timings are not tests):
//   node --import tsx src/store/testdata/bench-store.ts [COUNT] [LOOKUPS] [--postgres]
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { AdvisoryStore } from "../../contracts/store.js";
import { openStore } from "../open-store.js";
import { makeAdvisory, makeRun } from "./advisories.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";

const count = Number(process.argv[2] ?? 300_000);
const lookups = Number(process.argv[3] ?? 10_000);
const usePostgres = process.argv.includes("--postgres");

// Realistic shape: ~4 advisories per package, a description and a link each, CVSS on a third.
function* feed(n: number) {
  for (let i = 0; i < n; i++) {
    yield makeAdvisory(i, {
      description: `Synthetic advisory ${i}: a buffer overflow in the parser allows remote attackers to cause a denial of service.`,
      cvss: i % 3 === 0 ? [{ version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", score: 7.5, source: "nvd" }] : [],
    });
  }
}

async function bench(store: AdvisoryStore, label: string): Promise<void> {
  let t = performance.now();
  const written = await store.replaceAdvisories(makeRun("debian", "bench", "changed", new Date().toISOString()), feed(count));
  const insertMs = performance.now() - t;
  t = performance.now();
  const again = await store.replaceAdvisories(makeRun("debian", "bench2", "changed", new Date().toISOString()), feed(count));
  const replaceMs = performance.now() - t;
  const packages = Math.ceil(count / 4);
  let hits = 0;
  t = performance.now();
  for (let i = 0; i < lookups; i++) {
    const p = (i * 7919) % packages;
    const found = await store.find([{ namespace: p % 2 === 0 ? "debian:12" : "debian:11", packageName: `pkg${p}`, packageKind: "source" }]);
    hits += found.length;
  }
  const lookupMs = performance.now() - t;
  t = performance.now();
  const batchQueries = Array.from({ length: lookups }, (_, i) => {
    const p = (i * 7919) % packages;
    return { namespace: p % 2 === 0 ? "debian:12" : "debian:11", packageName: `pkg${p}`, packageKind: "source" as const };
  });
  const batched = (await store.find(batchQueries)).length;
  const batchMs = performance.now() - t;
  console.log(
    `${label}: insert ${written} in ${(insertMs / 1000).toFixed(2)} s (${Math.round(written / (insertMs / 1000))}/s); ` +
      `replace ${again} in ${(replaceMs / 1000).toFixed(2)} s; ` +
      `${lookups} single-query finds in ${lookupMs.toFixed(0)} ms (${((lookupMs / lookups) * 1000).toFixed(0)} µs each, ${hits} rows); ` +
      `one find with ${lookups} queries in ${batchMs.toFixed(0)} ms (${batched} rows); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
}

if (usePostgres) {
  const schema = uniqueSchema();
  const store = await openStore(withSchema(await pgTestUrl(), schema), {});
  try {
    await bench(store, "postgres");
  } finally {
    await store.close();
    await dropSchema(schema);
  }
} else {
  const dir = mkdtempSync(join(tmpdir(), "claro-bench-"));
  const path = join(dir, "db.sqlite");
  const store = await openStore(`sqlite:${path}`, {});
  try {
    await bench(store, "sqlite");
    console.log(`sqlite file size ${(statSync(path).size / 1e6).toFixed(1)} MB`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
