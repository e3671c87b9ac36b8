import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";
import { claroArgv } from "../../../test/support/claro.js";
import { repoRoot } from "../../../test/support/shared.js";
import { isFatalError } from "../../core/problem.js";
import { startV2Health } from "./health.js";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const health = (port: number, method = "GET", path = "/health"): Promise<Response> => fetch(`http://127.0.0.1:${port}${path}`, { method });

test("GET /health: 200 healthy, 503 unhealthy or failing, Server: clair; nothing else is served", async () => {
  let state: boolean | Error = true;
  const h = await startV2Health("127.0.0.1:0", async () => {
    if (state instanceof Error) throw state;
    return state;
  });
  try {
    const ok = await health(h.port);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("server"), "clair");
    assert.equal((await health(h.port, "GET", "/health?x=1")).status, 200);
    state = false;
    assert.equal((await health(h.port)).status, 503);
    state = new Error("database down");
    assert.equal((await health(h.port)).status, 503);
    assert.equal((await health(h.port, "POST")).status, 404);
    assert.equal((await health(h.port, "GET", "/healthz")).status, 404);
    await assert.rejects(
      startV2Health(`127.0.0.1:${h.port}`, async () => true),
      (e: unknown) =>
        isFatalError(e) &&
        e.code === "CONFIG_INVALID" &&
        e.message === `port ${h.port} on 127.0.0.1 is already in use (Clair v2 /health)` &&
        /--health-listen/.test(e.hint ?? ""),
    );
  } finally {
    await h.close();
  }
});

/** Runs `claro serve` on PostgreSQL until `body` is done, then SIGTERM; returns the exit code. */
async function withServe(args: readonly string[], body: (stderr: () => string) => Promise<void>, env: NodeJS.ProcessEnv = {}): Promise<number | null> {
  const child = spawn(process.execPath, [...claroArgv(), "serve", "--update-period", "0", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1", CLARO_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    await body(() => stderr);
    child.kill("SIGTERM");
    return await exited;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

async function until(port: number, status: number, stderr: () => string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (
      (await health(port).then(
        (r) => r.status,
        () => 0,
      )) === status
    )
      return;
    await sleep(200);
  }
  assert.fail(`/health on ${port} never answered ${status}: ${stderr()}`);
}

test("claro serve --health-listen: /health follows the database, on its own port, and closes on SIGTERM (and CLARO_HARBOR_AUTH guards /api/v1)", async () => {
  const schema = uniqueSchema();
  const db = withSchema(await pgTestUrl(), schema);
  const [api, port] = [await freePort(), await freePort()];
  try {
    const code = await withServe(
      ["--db", db, "--listen", `127.0.0.1:${api}`, "--health-listen", `127.0.0.1:${port}`],
      async (stderr) => {
        await until(port, 200, stderr);
        assert.equal((await fetch(`http://127.0.0.1:${api}/health`)).status, 404, "the API port does not serve Clair v2's /health");
        const metadata = (authorization?: string): Promise<number> =>
          fetch(`http://127.0.0.1:${api}/api/v1/metadata`, { headers: authorization ? { authorization } : {} }).then((r) => r.status);
        assert.equal(await metadata(), 401);
        assert.equal(await metadata("Bearer harbor-secret"), 200);
        // A real fault: the server's tables vanish under it.
        await dropSchema(schema);
        await until(port, 503, stderr);
      },
      { CLARO_HARBOR_AUTH: "Bearer harbor-secret" },
    );
    assert.equal(code, 0);
    assert.equal(
      await health(port).then(
        (r) => r.status,
        () => "refused",
      ),
      "refused",
    );
  } finally {
    await dropSchema(schema);
  }
});

test("claro serve without --health-listen serves /health on 127.0.0.1:6061", async (t) => {
  // Another process on 6061 (a second instance, another test) makes serve skip its default health port.
  const probe = createServer();
  const busy = await new Promise<boolean>((resolve) => probe.once("error", () => resolve(true)).listen(6061, "127.0.0.1", () => resolve(false)));
  if (!busy) await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (busy) return t.skip("port 6061 is in use on this machine");
  const schema = uniqueSchema();
  const db = withSchema(await pgTestUrl(), schema);
  try {
    const code = await withServe(["--db", db, "--listen", `127.0.0.1:${await freePort()}`], async (stderr) => {
      await until(6061, 200, stderr);
      assert.equal((await health(6061)).headers.get("server"), "clair");
    });
    assert.equal(code, 0);
  } finally {
    await dropSchema(schema);
  }
});
