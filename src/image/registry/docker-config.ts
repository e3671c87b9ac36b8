import { execFile } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { z } from "zod";
import { FatalError } from "../../core/problem.js";
import { DOCKER_HUB } from "./reference.js";

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** The environment variables the credential lookup reads (DOCKER_CONFIG, HOME, PATH). */
export type Env = Readonly<Record<string, string | undefined>>;

const authEntry = z.object({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});
const dockerConfig = z.object({
  auths: z.record(z.string(), authEntry).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});
const helperOutput = z.object({ Username: z.string(), Secret: z.string() });

/** Docker keeps Docker Hub's credentials under the v1 index URL. */
const HUB_KEYS = ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"];

function serverKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
}

function lookup<T>(map: Readonly<Record<string, T>> | undefined, registry: string): T | undefined {
  if (map === undefined) return undefined;
  const wanted = registry === DOCKER_HUB ? HUB_KEYS.map(serverKey) : [registry.toLowerCase()];
  for (const [key, value] of Object.entries(map)) if (wanted.includes(serverKey(key))) return value;
  return undefined;
}

function onPath(command: string, env: Env): string | undefined {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    const p = join(dir, command);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Runs `docker-credential-<helper> get`; null when the helper is absent or has no entry. */
async function fromHelper(helper: string, registry: string, env: Env): Promise<Credentials | null> {
  const exe = onPath(`docker-credential-${helper}`, env);
  if (exe === undefined) return null;
  const server = registry === DOCKER_HUB ? HUB_KEYS[0]! : registry;
  const stdout = await new Promise<string | null>((resolve) => {
    const child = execFile(exe, ["get"], { env: { ...process.env, ...env }, timeout: 30_000, maxBuffer: 1 << 20 }, (err, out) => {
      resolve(err ? null : out);
    });
    child.stdin?.end(server);
  });
  if (stdout === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return null;
  }
  const r = helperOutput.safeParse(parsed);
  // `<token>` marks an identity token for OAuth2 refresh, which this client does not speak.
  if (!r.success || r.data.Username === "<token>") return null;
  return { username: r.data.Username, password: r.data.Secret };
}

function fromAuthEntry(entry: z.infer<typeof authEntry>): Credentials | null {
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
  return null;
}

export function dockerConfigPath(env: Env): string {
  const dir = env["DOCKER_CONFIG"] || join(env["HOME"] || homedir(), ".docker");
  return join(dir, "config.json");
}

/**
 * Credentials for `registry` from Docker's config.json, the way the docker CLI finds them:
 * `credHelpers[registry]`, else `credsStore`, else `auths`. A helper that is not installed is
 * skipped so that plain `auths` entries still work.
 */
export async function dockerCredentials(registry: string, env: Env): Promise<Credentials | null> {
  const path = dockerConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FatalError("CONFIG_INVALID", `${path} is not valid JSON`, "fix or remove the file, or set DOCKER_CONFIG to another directory", { cause: e });
  }
  const parsed = dockerConfig.safeParse(json);
  if (!parsed.success) {
    throw new FatalError(
      "CONFIG_INVALID",
      `${path}: unexpected content (${parsed.error.issues[0]?.message ?? "invalid"})`,
      "fix or remove the file, or set DOCKER_CONFIG to another directory",
    );
  }
  const config = parsed.data;
  const helper = lookup(config.credHelpers, registry);
  if (helper !== undefined) {
    const c = await fromHelper(helper, registry, env);
    if (c !== null) return c;
  } else if (config.credsStore !== undefined) {
    const c = await fromHelper(config.credsStore, registry, env);
    if (c !== null) return c;
  }
  const entry = lookup(config.auths, registry);
  return entry === undefined ? null : fromAuthEntry(entry);
}
