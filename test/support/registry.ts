import { execFile } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { sharedPath } from "./shared.js";

/** How a test registry authenticates: bearer tokens, htpasswd Basic auth, or not at all. */
export type RegistryMode =
  { readonly auth: "token" } | { readonly auth: "basic"; readonly user: string; readonly password: string } | { readonly auth: "none" };

const run = promisify(execFile);
/** The last ref the script pushes; its presence means the push finished. */
const LAST_PUSHED = "test/alpine/manifests/3.9.6";
const ACCEPT = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json";

async function probe(port: number): Promise<RegistryMode["auth"] | "down"> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    if (res.status === 200) return "none";
    const challenge = res.headers.get("www-authenticate") ?? "";
    if (res.status === 401 && /^bearer/i.test(challenge)) return "token";
    if (res.status === 401 && /^basic/i.test(challenge)) return "basic";
    return "down";
  } catch {
    return "down";
  }
}

async function pushed(port: number, mode: RegistryMode): Promise<boolean> {
  const headers: Record<string, string> = { accept: ACCEPT };
  if (mode.auth === "basic") headers["authorization"] = `Basic ${Buffer.from(`${mode.user}:${mode.password}`).toString("base64")}`;
  if (mode.auth === "token") {
    const t = await fetch(`http://127.0.0.1:${port + 1}/token?service=test-registry&scope=repository:test/alpine:pull`);
    const body = (await t.json()) as { token?: string };
    headers["authorization"] = `Bearer ${body.token ?? ""}`;
  }
  const res = await fetch(`http://127.0.0.1:${port}/v2/${LAST_PUSHED}`, { method: "HEAD", headers });
  return res.status === 200;
}

async function withLock<T>(port: number, fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `claro-test-registry-${port}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // the holder just released it
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Makes sure a test registry (shared/tools/start-test-registry.sh) runs on 127.0.0.1:`port` in
 * `mode` with every shared image pushed, starting it when needed. Returns `127.0.0.1:<port>`.
 * A registry already running there in another mode is an error: it may belong to someone else.
 */
export async function ensureRegistry(mode: RegistryMode, port: number): Promise<string> {
  const host = `127.0.0.1:${port}`;
  return withLock(port, async () => {
    const state = await probe(port);
    if (state !== "down" && state !== mode.auth) {
      throw new Error(`a registry with ${state} auth already runs on ${host}; tests need ${mode.auth} auth there`);
    }
    if (state === mode.auth && (await pushed(port, mode))) return host;
    const args = ["start", "--port", String(port)];
    if (mode.auth === "token") args.push("--token");
    if (mode.auth === "basic") args.push("--user", mode.user, "--password", mode.password);
    await run(sharedPath("tools", "start-test-registry.sh"), args, { maxBuffer: 16 << 20, timeout: 600_000 });
    return host;
  });
}
