import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { claroArgv } from "../../test/support/claro.js";
import { repoRoot } from "../../test/support/shared.js";
import { isFatalError } from "../core/problem.js";
import { loadServeSettings } from "./serve-command.js";

test("serve settings: YAML < CLARO_* env < flags, validated with clear errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-serve-cfg-"));
  try {
    const file = join(dir, "claro.yaml");
    writeFileSync(file, "serve:\n  listen: 127.0.0.1:7000\n  db: sqlite:/tmp/a.sqlite\n  allowHosts: [registry.local]\n");
    assert.deepEqual(loadServeSettings({}, file, {}), { listen: "127.0.0.1:7000", db: "sqlite:/tmp/a.sqlite", allowHosts: ["registry.local"] });
    assert.equal(loadServeSettings({}, file, { CLARO_LISTEN: "127.0.0.1:7001" }).listen, "127.0.0.1:7001");
    assert.equal(loadServeSettings({ listen: "127.0.0.1:7002" }, file, { CLARO_LISTEN: "127.0.0.1:7001" }).listen, "127.0.0.1:7002");
    assert.throws(
      () => loadServeSettings({ listen: "nope" }, undefined, {}),
      (e: unknown) => isFatalError(e) && /listen: use HOST:PORT/.test(e.message),
    );
    writeFileSync(file, "serve:\n  lisen: x\n");
    assert.throws(
      () => loadServeSettings({}, file, {}),
      (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID",
    );
    assert.throws(() => loadServeSettings({}, undefined, { CLARO_AUTH_KEY: "a2V5" }), /both authKey and authIssuers/);
    // The index pool (issue 9 §7): numbers from the environment, a zero queue allowed, zero concurrency refused.
    const pool = loadServeSettings({}, undefined, { CLARO_INDEX_CONCURRENCY: "3", CLARO_INDEX_QUEUE_LIMIT: "0" });
    assert.deepEqual([pool.indexConcurrency, pool.indexQueueLimit], [3, 0]);
    assert.throws(
      () => loadServeSettings({}, undefined, { CLARO_INDEX_CONCURRENCY: "0" }),
      (e: unknown) => isFatalError(e) && /indexConcurrency/.test(e.message),
    );
    // The harbor section merges per key: the file's auth and the environment's lease both hold.
    writeFileSync(file, "serve:\n  harbor:\n    auth: Bearer abc\n");
    assert.deepEqual(loadServeSettings({}, file, { CLARO_HARBOR_LEASE_SECONDS: "90" }).harbor, { auth: "Bearer abc", leaseSeconds: 90 });
    assert.deepEqual(loadServeSettings({}, undefined, { CLARO_HARBOR_AUTH: "Bearer xyz" }).harbor, { auth: "Bearer xyz" });
    assert.throws(
      () => loadServeSettings({}, undefined, { CLARO_HARBOR_LEASE_SECONDS: "0" }),
      (e: unknown) => isFatalError(e) && /harbor\.leaseSeconds/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("claro serve: the real CLI becomes ready, then exits 0 on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-serve-"));
  const port = 20000 + (process.pid % 20000);
  const child = spawn(process.execPath, [...claroArgv(), "serve", "--db", `sqlite:${join(dir, "db.sqlite")}`, "--listen", `127.0.0.1:${port}`], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    let ready = false;
    for (let i = 0; i < 150 && !ready; i++) {
      await sleep(200);
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
    }
    assert.ok(ready, `never ready: ${stderr}`);
    child.kill("SIGTERM");
    assert.equal(await exited, 0, stderr);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
